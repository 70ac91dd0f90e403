import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons'
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Descriptions,
  Drawer,
  Form,
  Grid,
  Input,
  Modal,
  Rate,
  Space,
  Spin,
  Timeline,
  Typography,
  Upload,
} from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { acceptAttribute, PROBLEM_ATTACHMENT_TYPES } from '../../../shared/file-types.ts'
import { localizeIssues } from '../../../shared/localize-issues.ts'
import {
  MAX_ATTACHMENT_BYTES,
  problemTransitionSchema,
  type Problem,
  type ProblemAction,
  type ProblemDetail,
} from '../../../shared/schemas/enterprise-problem.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { DeadlineTag, ProblemStateTag } from './ProblemTags.tsx'

interface Props {
  problemId: string | undefined
  onClose(): void
  /** Called after any change, so lists and the board reload. */
  onChanged(): void
}

/** Actions that need words (or a rating) before they go. */
const NEEDS_FORM: ProblemAction[] = ['accept', 'resolve', 'confirm', 'reopen']

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '')
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
}

/**
 * One problem: what, who, the deadline, the history of every step, attachments, and the buttons
 * the server says this user may press (the server checks again on each).
 */
export function ProblemDrawer({ problemId, onClose, onChanged }: Props) {
  const { t, d, locale } = useI18n()
  const { message } = App.useApp()
  const screens = Grid.useBreakpoint()
  const [version, setVersion] = useState(0)
  const { data, error, loading, reload } = useApiData<ProblemDetail>(
    problemId ? `/api/enterprise/problems/${problemId}` : null,
    undefined,
    version,
  )
  const problem = data && data.id === problemId ? data : undefined
  const [pending, setPending] = useState<ProblemAction>()
  const [busy, setBusy] = useState(false)
  const [formError, setFormError] = useState<string>()
  const [form] = Form.useForm<{ note?: string; satisfaction?: number }>()

  const changed = () => {
    setVersion((v) => v + 1)
    onChanged()
  }

  const send = async (action: ProblemAction, values: { note?: string; satisfaction?: number }) => {
    const body = { action, note: values.note?.trim() || undefined, satisfaction: values.satisfaction || undefined }
    const parsed = problemTransitionSchema.safeParse(body)
    if (!parsed.success) {
      setFormError(
        localizeIssues(parsed.error.issues, locale)
          .map((i) => i.message)
          .join('；'),
      )
      return
    }
    setBusy(true)
    try {
      await api<Problem>(`/api/enterprise/problems/${problemId}/transitions`, { method: 'POST', body: parsed.data })
      void message.success(t('ent.act.done', { action: d.enterprise.action[action] }))
      setPending(undefined)
      changed()
    } catch (failure) {
      setFormError(errorText(failure))
      if (!pending) void message.error(errorText(failure))
      // Someone else may have moved it on: show its state now.
      setVersion((v) => v + 1)
    } finally {
      setBusy(false)
    }
  }

  const press = (action: ProblemAction) => {
    setFormError(undefined)
    if (!NEEDS_FORM.includes(action)) return void send(action, {})
    form.resetFields()
    setPending(action)
  }

  const attach = async (file: File) => {
    if (file.size > MAX_ATTACHMENT_BYTES) {
      void message.error(`${t('ent.drawer.attach')} > 2 MB`)
      return
    }
    try {
      await api(`/api/enterprise/problems/${problemId}/attachments`, {
        method: 'POST',
        body: { fileName: file.name, contentType: file.type || 'application/octet-stream', contentBase64: await readBase64(file) },
      })
      void message.success(t('ent.drawer.attached', { name: file.name }))
      changed()
    } catch (failure) {
      void message.error(errorText(failure))
    }
  }

  const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—')
  const noteLabel = pending === 'resolve' ? t('ent.act.resolution') : pending === 'reopen' ? t('ent.act.reopenReason') : t('ent.act.note')

  return (
    <Drawer
      open={Boolean(problemId)}
      onClose={onClose}
      size={screens.sm ? 600 : '100%'}
      title={problem ? problem.title : t('ent.drawer.title')}
      data-testid="problem-drawer"
      extra={problem ? <ProblemStateTag state={problem.state} /> : null}
    >
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {!problem && loading ? <Spin /> : null}
      {problem ? (
        <>
          {problem.allowedActions.length ? (
            <Space wrap style={{ marginBottom: 16 }}>
              {problem.allowedActions.map((action) => (
                <Button
                  key={action}
                  type={action === 'reopen' ? 'default' : 'primary'}
                  danger={action === 'reopen'}
                  loading={busy && !pending}
                  onClick={() => press(action)}
                  data-testid={`problem-action-${action}`}
                >
                  {d.enterprise.action[action]}
                </Button>
              ))}
            </Space>
          ) : null}
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 120 } }}
            items={[
              { key: 'enterprise', label: t('ent.col.enterprise'), children: `${problem.enterpriseName}（${problem.areaName}）` },
              { key: 'category', label: t('ent.report.category'), children: d.enterprise.category[problem.category] },
              {
                key: 'description',
                label: t('ent.report.description'),
                children: <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{problem.description}</Typography.Paragraph>,
              },
              { key: 'owner', label: t('ent.col.owner'), children: problem.ownerName ?? '—' },
              ...(problem.expertTeamName ? [{ key: 'team', label: t('ent.drawer.expertTeam'), children: problem.expertTeamName }] : []),
              {
                key: 'deadline',
                label: t('ent.col.deadline'),
                children: (
                  <span data-testid="problem-deadline">
                    <DeadlineTag problem={problem} />
                  </span>
                ),
              },
              ...(problem.resolution ? [{ key: 'resolution', label: t('ent.drawer.resolution'), children: problem.resolution }] : []),
              ...(problem.satisfaction
                ? [{ key: 'rating', label: t('ent.col.satisfaction'), children: <Rate disabled value={problem.satisfaction} /> }]
                : []),
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('ent.drawer.history')}
            {problem.round > 1 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
                {t('ent.drawer.round', { n: problem.round })}
              </Typography.Text>
            ) : null}
          </Typography.Title>
          <Timeline
            data-testid="problem-history"
            items={problem.history.map((event) => ({
              color:
                event.action === 'escalate' ? 'red' : event.action === 'warn' ? 'orange' : event.action === 'confirm' ? 'green' : 'blue',
              content: (
                <div>
                  <Space size={6} wrap>
                    <Typography.Text strong>{d.enterprise.event[event.action] ?? event.action}</Typography.Text>
                    <Typography.Text type="secondary">{event.actorName ?? t('ent.drawer.system')}</Typography.Text>
                    <Typography.Text type="secondary" className="gl-mono" style={{ fontSize: 12 }}>
                      {time(event.at)}
                    </Typography.Text>
                  </Space>
                  {event.note ? <div style={{ color: 'rgba(0,0,0,0.65)' }}>{event.note}</div> : null}
                </div>
              ),
            }))}
          />
          <Typography.Title level={5}>{t('ent.drawer.attachments')}</Typography.Title>
          {problem.attachments.length ? (
            <ul style={{ paddingLeft: 18 }}>
              {problem.attachments.map((a) => (
                <li key={a.id}>
                  <a href={`/api/enterprise/problems/${problem.id}/attachments/${a.id}`}>
                    <PaperClipOutlined /> {a.fileName}
                  </a>{' '}
                  <Typography.Text type="secondary">({Math.ceil(a.size / 1024)} KB)</Typography.Text>
                </li>
              ))}
            </ul>
          ) : (
            <Typography.Paragraph type="secondary">{t('ent.drawer.noAttachments')}</Typography.Paragraph>
          )}
          {problem.state !== 'closed' ? (
            <Upload
              showUploadList={false}
              accept={acceptAttribute(PROBLEM_ATTACHMENT_TYPES)}
              beforeUpload={(file) => {
                void attach(file)
                return false
              }}
            >
              <Button icon={<UploadOutlined />}>{t('ent.drawer.attach')}</Button>
            </Upload>
          ) : null}
        </>
      ) : null}
      <Modal
        open={Boolean(pending)}
        title={pending ? d.enterprise.action[pending] : ''}
        onCancel={() => setPending(undefined)}
        onOk={() => pending && send(pending, form.getFieldsValue())}
        okButtonProps={{ loading: busy, 'data-testid': 'problem-action-submit' } as ButtonProps}
        destroyOnHidden
      >
        {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical">
          {pending === 'confirm' ? (
            <Form.Item name="satisfaction" label={t('ent.act.rate')} required>
              <Rate data-testid="problem-rate" />
            </Form.Item>
          ) : null}
          <Form.Item name="note" label={noteLabel} required={pending === 'resolve' || pending === 'reopen'}>
            <Input.TextArea
              rows={3}
              maxLength={1000}
              placeholder={pending === 'accept' || pending === 'confirm' ? t('ent.act.notePlaceholder') : undefined}
              data-testid="problem-action-note"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  )
}
