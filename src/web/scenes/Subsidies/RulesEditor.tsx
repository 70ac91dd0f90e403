import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Form, InputNumber, Select, TreeSelect, type FormInstance } from 'antd'
import { useMemo } from 'react'
import { INDUSTRIES } from '../../../shared/schemas/enterprise.ts'
import { ELIGIBILITY_FACT_KEYS, ELIGIBILITY_FACTS, RULE_OPERATORS, type EligibilityFact } from '../../../shared/schemas/subsidies.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useSession } from '../../hooks/useSession.ts'
import { toAreaTree, type AreaTreeNode } from '../../lib/area-tree.ts'

/** The area tree with 12-digit codes as values: a rule names an area by its code, which outlives renames. */
function AreaCodeSelect({ value, onChange }: { value?: string; onChange?: (code: string) => void }) {
  const { areas, areasById } = useSession()
  const treeData = useMemo(() => {
    const withCodes = (nodes: AreaTreeNode[]): AreaTreeNode[] =>
      nodes.map((n) => ({ ...n, value: areasById.get(n.value)?.code ?? n.value, children: withCodes(n.children) }))
    return withCodes(toAreaTree(areas))
  }, [areas, areasById])
  return (
    <TreeSelect
      value={value}
      onChange={(code: string) => onChange?.(code)}
      treeData={treeData}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll={false}
      popupMatchSelectWidth={false}
      style={{ minWidth: 180 }}
    />
  )
}

/** One rule: fact → the operators that fit its kind → the value editor that operator needs. */
function RuleRow({ form, index, onRemove }: { form: FormInstance; index: number; onRemove(): void }) {
  const { d } = useI18n()
  const fact = Form.useWatch(['rules', index, 'fact'], form) as EligibilityFact | undefined
  const op = Form.useWatch(['rules', index, 'op'], form) as string | undefined
  const kind = fact ? ELIGIBILITY_FACTS[fact] : undefined
  const operators = kind ? RULE_OPERATORS[kind] : []
  return (
    <div className="gl-sub-rule-row" data-testid={`rule-row-${index}`}>
      <Form.Item name={[index, 'fact']} style={{ marginBottom: 0 }}>
        <Select
          style={{ width: 150 }}
          options={ELIGIBILITY_FACT_KEYS.map((f) => ({ value: f, label: d.subsidy.fact[f] }))}
          onChange={(next: EligibilityFact) => form.setFieldValue(['rules', index, 'op'], RULE_OPERATORS[ELIGIBILITY_FACTS[next]][0])}
        />
      </Form.Item>
      <Form.Item name={[index, 'op']} style={{ marginBottom: 0 }}>
        <Select style={{ width: 130 }} options={operators.map((o) => ({ value: o, label: d.subsidy.op[o] }))} />
      </Form.Item>
      {op === 'in' || op === 'not_in' ? (
        <Form.Item name={[index, 'values']} style={{ flex: 1, minWidth: 200, marginBottom: 0 }}>
          <Select
            mode="multiple"
            options={INDUSTRIES.map((i) => ({ value: i, label: d.enterprise.industry[i] }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
      ) : null}
      {op === 'gte' || op === 'lte' ? (
        <Form.Item name={[index, 'number']} style={{ marginBottom: 0 }}>
          <InputNumber min={0} precision={0} style={{ width: 120 }} />
        </Form.Item>
      ) : null}
      {op === 'within' ? (
        <Form.Item name={[index, 'areaCode']} style={{ flex: 1, marginBottom: 0 }}>
          <AreaCodeSelect />
        </Form.Item>
      ) : null}
      <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label="remove" />
    </div>
  )
}

/** The eligibility rules (all must pass), built from rows; the server checks the same shapes. */
export function RulesEditor({ form }: { form: FormInstance }) {
  const { t } = useI18n()
  return (
    <Form.List name="rules">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => (
            <RuleRow key={field.key} form={form} index={field.name} onRemove={() => remove(field.name)} />
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ fact: 'staffOtherProvince', op: 'gte', number: 10 })}
            data-testid="rule-add"
          >
            {t('sub.editor.addRule')}
          </Button>
        </>
      )}
    </Form.List>
  )
}
