/** A category's form (派单目录): who leads and assists, how urgent and hard it usually is, its own limit, and why. */
import { Form, Input, InputNumber, Select, Space } from 'antd';
import { api, ok } from '../../../../api/client';
import { useLookups } from '../../../../hooks';
import { LIMIT_UNIT, URGENCY } from '../../../../labels';
import { HANDLING_CLASS_NAME } from '../../../../../../domain/policy-settings';
import { ReasonField } from '../../components/ReasonField';
import { EditDialog } from '../../components/Screen';
import { useEditForm } from '../../hooks/useSave';
import type { Category } from '../hooks/useCatalogue';

interface Values extends Omit<Category, 'handlingLimit'> {
  /** Empty amount: the policy's default limit for the handling class. */
  limitAmount: number | null;
  limitUnit: keyof typeof LIMIT_UNIT;
  reason: string;
}

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export function CategoryForm(props: { category: Category | 'new' | null; onClose: () => void }) {
  const { lookups } = useLookups();
  const editing = props.category !== 'new' ? props.category : null;
  const { form, save, busy, error } = useEditForm<Values>(
    props.category,
    (f) =>
      editing &&
      f.setFieldsValue({
        ...editing,
        limitAmount: editing.handlingLimit?.amount ?? null,
        limitUnit: editing.handlingLimit?.unit ?? 'working_days',
      }),
    {
      onSaved: props.onClose,
      fieldOf: (f) =>
        f.startsWith('body.handlingLimit') ? ['limitAmount'] : [f.replace(/^body\./, '').split('.')[0]!],
    },
  );

  const submit = ({ code, limitAmount, limitUnit, reason, ...entry }: Values) =>
    save(() =>
      ok(
        api.PUT('/admin/catalogue/{code}', {
          params: { path: { code } },
          body: {
            ...entry,
            assistingUnits: entry.assistingUnits ?? [],
            handlingLimit: limitAmount ? { amount: limitAmount, unit: limitUnit } : null,
            reason,
          },
        }),
      ),
    );

  const units = (lookups?.units ?? []).map((u) => ({ value: u.code, label: u.name }));
  return (
    <EditDialog
      title={editing ? `编辑分类 · ${editing.name}` : '新增分类'}
      open={props.category !== null}
      busy={busy}
      error={error}
      onSave={() => form.submit()}
      onClose={props.onClose}
    >
      <Form
        name="category"
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          assistingUnits: [],
          defaultUrgency: 'normal',
          handlingClass: 'general',
          limitUnit: 'working_days',
        }}
      >
        <Form.Item
          name="code"
          label="分类代码"
          rules={[{ required: true, pattern: /^[a-z0-9_]{2,64}$/, message: '2–64 位小写字母、数字或下划线' }]}
        >
          <Input disabled={editing !== null} />
        </Form.Item>
        <Form.Item
          name="name"
          label="分类名称"
          rules={[{ required: true, whitespace: true, message: '请填写分类名称' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="leadUnit" label="牵头单位" rules={[{ required: true, message: '请选择牵头单位' }]}>
          <Select showSearch optionFilterProp="label" options={units} />
        </Form.Item>
        <Form.Item name="assistingUnits" label="协办单位">
          <Select mode="multiple" optionFilterProp="label" options={units} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="defaultUrgency" label="默认紧急程度">
            <Select style={{ width: 140 }} options={options(URGENCY)} />
          </Form.Item>
          <Form.Item name="handlingClass" label="办理类别">
            <Select style={{ width: 160 }} options={options(HANDLING_CLASS_NAME)} />
          </Form.Item>
          <Form.Item label="办理时限（空为按政策默认）">
            <Space.Compact>
              <Form.Item name="limitAmount" noStyle>
                <InputNumber controls={false} aria-label="办理时限数值" min={0.05} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item name="limitUnit" noStyle>
                <Select aria-label="办理时限单位" style={{ width: 110 }} options={options(LIMIT_UNIT)} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </Space>
        <ReasonField />
      </Form>
    </EditDialog>
  );
}
