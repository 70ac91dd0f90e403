import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, DatePicker, Divider, Form, Input, InputNumber, Select, type FormInstance } from 'antd'
import { PERIOD_KINDS, POLICY_CATEGORIES } from '../../../shared/schemas/subsidies.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import type { PolicyFormValues } from './policy-form.ts'
import { RulesEditor } from './RulesEditor.tsx'
import { yuanInputFormat } from './subsidy-words.ts'

/** Rows of a list (inputs, documents, approval levels): fields side by side, a delete button, an add button. */
function ListRows({
  name,
  addLabel,
  blank,
  headers,
  children,
  testId,
}: {
  name: string
  addLabel: string
  blank: object
  headers: [string, number][]
  children: (index: number) => React.ReactNode
  testId: string
}) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <div data-testid={testId}>
          {/* Placeholders vanish once a field is filled: column names say what each box holds. */}
          {fields.length ? (
            <div className="gl-sub-list-head">
              {headers.map(([label, width]) => (
                <span key={label} style={{ width }}>
                  {label}
                </span>
              ))}
            </div>
          ) : null}
          {fields.map((field) => (
            <div key={field.key} className="gl-sub-list-row">
              {children(field.name)}
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="remove" />
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(blank)}>
            {addLabel}
          </Button>
        </div>
      )}
    </Form.List>
  )
}

const row = { marginBottom: 8 }

/** Everything a version holds: text, window, who qualifies, how the amount is worked out, documents, approval levels. */
export function PolicyVersionForm({ form, creating }: { form: FormInstance<PolicyFormValues>; creating: boolean }) {
  const { t, d } = useI18n()
  const formulaKind = Form.useWatch(['formula', 'kind'], form)
  const inputs = (Form.useWatch('inputs', form) ?? []) as PolicyFormValues['inputs']
  const inputOptions = (inputs ?? [])
    .filter((i) => i?.key && i.unit === (formulaKind === 'share' ? 'yuan' : 'count'))
    .map((i) => ({ value: i!.key!, label: `${i!.labelZh ?? ''} (${i!.key})` }))

  return (
    <Form form={form} layout="vertical" data-testid="policy-form">
      {creating ? (
        <div className="gl-sub-grid2">
          <Form.Item name="code" label={t('sub.policy.code')} required extra={t('sub.editor.codeHint')}>
            <Input maxLength={30} data-testid="policy-code" />
          </Form.Item>
          <Form.Item name="budgetYuan" label={t('sub.editor.budget')} required>
            <InputNumber
              min={0}
              precision={2}
              style={{ width: '100%' }}
              suffix={t('sub.unit.yuan')}
              {...yuanInputFormat}
              data-testid="policy-budget"
            />
          </Form.Item>
        </div>
      ) : null}
      <Form.Item name="title" label={t('sub.editor.title')} required>
        <Input maxLength={100} data-testid="policy-title" />
      </Form.Item>
      <Form.Item name="summary" label={t('sub.editor.summary')} required>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <div className="gl-sub-grid2">
        <Form.Item name="category" label={t('sub.editor.category')} required>
          <Select options={POLICY_CATEGORIES.map((c) => ({ value: c, label: d.subsidy.category[c] }))} />
        </Form.Item>
        <Form.Item name="periodKind" label={t('sub.editor.periodKind')} required extra={t('sub.editor.periodHint')}>
          <Select options={PERIOD_KINDS.map((k) => ({ value: k, label: d.subsidy.periodKind[k] }))} />
        </Form.Item>
      </div>
      <Form.Item name="window" label={t('sub.editor.window')} required>
        <DatePicker.RangePicker style={{ width: '100%' }} />
      </Form.Item>

      <Divider titlePlacement="start">{t('sub.editor.rules')}</Divider>
      <RulesEditor form={form} />

      <Divider titlePlacement="start">{t('sub.editor.amount')}</Divider>
      <ListRows
        name="inputs"
        addLabel={t('sub.editor.addInput')}
        blank={{ unit: 'yuan', max: 10_000_000 }}
        testId="policy-inputs"
        headers={[
          [t('sub.editor.inputKeyHead'), 130],
          [t('sub.editor.labelZh'), 140],
          [t('sub.editor.labelEn'), 160],
          [t('sub.editor.unit'), 90],
          [t('sub.editor.max'), 160],
        ]}
      >
        {(i) => (
          <>
            <Form.Item name={[i, 'key']} style={row}>
              <Input placeholder={t('sub.editor.inputKey')} style={{ width: 130 }} />
            </Form.Item>
            <Form.Item name={[i, 'labelZh']} style={row}>
              <Input placeholder={t('sub.editor.labelZh')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name={[i, 'labelEn']} style={row}>
              <Input placeholder={t('sub.editor.labelEn')} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name={[i, 'unit']} style={row}>
              <Select
                style={{ width: 90 }}
                options={[
                  { value: 'yuan', label: t('sub.unit.yuan') },
                  { value: 'count', label: t('sub.editor.unitCount') },
                ]}
              />
            </Form.Item>
            <Form.Item name={[i, 'max']} style={row}>
              <InputNumber min={0} placeholder={t('sub.editor.max')} style={{ width: 160 }} {...yuanInputFormat} />
            </Form.Item>
          </>
        )}
      </ListRows>
      <div className="gl-sub-grid2" style={{ marginTop: 12 }}>
        <Form.Item name={['formula', 'kind']} label={t('sub.editor.formula')} required>
          <Select options={(['share', 'per_unit', 'fixed'] as const).map((k) => ({ value: k, label: d.subsidy.formulaKind[k] }))} />
        </Form.Item>
        {formulaKind === 'share' || formulaKind === 'per_unit' ? (
          <Form.Item name={['formula', 'input']} label={t('sub.editor.formulaInput')} required>
            <Select options={inputOptions} notFoundContent={t('sub.editor.noInput')} />
          </Form.Item>
        ) : null}
        {formulaKind === 'share' ? (
          <Form.Item name={['formula', 'ratePercent']} label={t('sub.editor.rate')} required>
            <InputNumber min={0.01} max={100} precision={2} suffix="%" style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        {formulaKind === 'per_unit' ? (
          <Form.Item name={['formula', 'perUnitYuan']} label={t('sub.editor.perUnit')} required>
            <InputNumber min={0.01} precision={2} suffix={t('sub.unit.yuan')} {...yuanInputFormat} style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        {formulaKind === 'fixed' ? (
          <Form.Item name={['formula', 'fixedYuan']} label={t('sub.editor.fixed')} required>
            <InputNumber min={0.01} precision={2} suffix={t('sub.unit.yuan')} {...yuanInputFormat} style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        <Form.Item name="capYuan" label={t('sub.editor.cap')} extra={t('sub.editor.capHint')}>
          <InputNumber min={0.01} precision={2} suffix={t('sub.unit.yuan')} {...yuanInputFormat} style={{ width: '100%' }} />
        </Form.Item>
      </div>

      <Divider titlePlacement="start">{t('sub.editor.documents')}</Divider>
      <ListRows
        name="documents"
        addLabel={t('sub.editor.addDocument')}
        blank={{}}
        testId="policy-documents"
        headers={[
          [t('sub.editor.inputKeyHead'), 150],
          [t('sub.editor.labelZh'), 160],
          [t('sub.editor.labelEn'), 200],
        ]}
      >
        {(i) => (
          <>
            <Form.Item name={[i, 'key']} style={row}>
              <Input placeholder={t('sub.editor.documentKey')} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name={[i, 'nameZh']} style={row}>
              <Input placeholder={t('sub.editor.labelZh')} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name={[i, 'nameEn']} style={row}>
              <Input placeholder={t('sub.editor.labelEn')} style={{ width: 200 }} />
            </Form.Item>
          </>
        )}
      </ListRows>

      <Divider titlePlacement="start">{t('sub.editor.approval')}</Divider>
      <ListRows
        name="approvalLevels"
        addLabel={t('sub.editor.addLevel')}
        blank={{}}
        testId="policy-levels"
        headers={[
          ['', 48],
          [t('sub.editor.labelZh'), 160],
          [t('sub.editor.labelEn'), 200],
        ]}
      >
        {(i) => (
          <>
            <span className="gl-sub-level-no">{t('sub.editor.levelNo', { n: i + 1 })}</span>
            <Form.Item name={[i, 'nameZh']} style={row}>
              <Input placeholder={t('sub.editor.labelZh')} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name={[i, 'nameEn']} style={row}>
              <Input placeholder={t('sub.editor.labelEn')} style={{ width: 200 }} />
            </Form.Item>
          </>
        )}
      </ListRows>
      <Form.Item name="promiseWorkdays" label={t('sub.editor.promise')} required style={{ marginTop: 16 }}>
        <InputNumber min={1} max={60} precision={0} suffix={t('sub.editor.workdays')} style={{ width: 200 }} />
      </Form.Item>
    </Form>
  )
}
