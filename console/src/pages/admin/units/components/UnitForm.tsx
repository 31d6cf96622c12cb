/** A unit's form: name, kind, the unit above it in the escalation chain, backstop, its duty contact, and why. */
import { Form, Input, Select, Switch } from 'antd';
import { emailProblem } from '../../../../../../domain/email';
import { api, ok } from '../../../../api/client';
import { UNIT_KIND } from '../../../../labels';
import { checkedBy } from '../../../../rules';
import { ReasonField } from '../../components/ReasonField';
import { EditDialog } from '../../components/Screen';
import { useEditForm } from '../../hooks/useSave';
import type { Unit, UnitContact } from '../hooks/useUnits';

interface Values {
  code: string;
  name: string;
  kind: Unit['kind'];
  parentCode: string | null;
  isBackstop: boolean;
  contact: UnitContact;
  reason: string;
}

/**
 * An empty contact field is left out, not sent as "" (which the API would refuse as not a phone number);
 * the others are sent trimmed, as they were checked.
 */
const filled = (contact: UnitContact): UnitContact =>
  Object.fromEntries(
    Object.entries(contact).flatMap(([k, v]) => (typeof v === 'string' && v.trim() !== '' ? [[k, v.trim()]] : [])),
  );

export function UnitForm(props: { unit: Unit | 'new' | null; units: Unit[]; onClose: () => void }) {
  const editing = props.unit !== 'new' ? props.unit : null;
  const { form, save, busy, error } = useEditForm<Values>(
    props.unit,
    (f) => editing && f.setFieldsValue({ ...editing, contact: (editing.contact ?? {}) as UnitContact }),
    { onSaved: props.onClose },
  );

  const submit = ({ code, reason, contact, ...unit }: Values) =>
    save(() =>
      ok(
        api.PUT('/admin/units/{code}', {
          params: { path: { code } },
          body: { ...unit, parentCode: unit.parentCode ?? null, contact: filled(contact ?? {}), reason },
        }),
      ),
    );

  return (
    <EditDialog
      title={editing ? `编辑单位 · ${editing.name}` : '新增单位'}
      open={props.unit !== null}
      busy={busy}
      error={error}
      onSave={() => form.submit()}
      onClose={props.onClose}
    >
      <Form
        name="unit"
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ isBackstop: false }}
      >
        <Form.Item
          name="code"
          label="单位代码"
          rules={[{ required: true, pattern: /^[A-Z0-9_]{2,32}$/, message: '2–32 位大写字母、数字或下划线' }]}
        >
          <Input disabled={editing !== null} />
        </Form.Item>
        <Form.Item
          name="name"
          label="单位名称"
          rules={[{ required: true, whitespace: true, message: '请填写单位名称' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
          <Select options={Object.entries(UNIT_KIND).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="parentCode" label="上级单位（督办链）">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={props.units.filter((u) => u.code !== editing?.code).map((u) => ({ value: u.code, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="isBackstop" label="兜底单位（无法确定承办单位时派给它）" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
        <Form.Item name={['contact', 'dutyPhone']} label="值班电话">
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name={['contact', 'liaison']} label="值班联系人">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name={['contact', 'email']} label="电子邮箱" rules={[checkedBy(emailProblem)]}>
          <Input maxLength={200} />
        </Form.Item>
        <ReasonField />
      </Form>
    </EditDialog>
  );
}
