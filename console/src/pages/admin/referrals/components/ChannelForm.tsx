/** A referral channel's form (转办渠道): its name and the standard reply the citizen is given, and why. */
import { Form, Input } from 'antd';
import { api, ok } from '../../../../api/client';
import type { Answer } from '../../../../api/types';
import { ReasonField } from '../../components/ReasonField';
import { EditDialog } from '../../components/Screen';
import { useEditForm } from '../../hooks/useSave';

export type Channel = Answer<'/admin/referral-channels', 'get'>['channels'][number];

export function ChannelForm(props: { channel: Channel | 'new' | null; onClose: () => void }) {
  const editing = props.channel !== 'new' ? props.channel : null;
  const { form, save, busy, error } = useEditForm<{ code: string; name: string; reply: string; reason: string }>(
    props.channel,
    (f) => editing && f.setFieldsValue(editing),
    { onSaved: props.onClose },
  );
  return (
    <EditDialog
      title={editing ? `编辑转办渠道 · ${editing.name}` : '新增转办渠道'}
      open={props.channel !== null}
      busy={busy}
      error={error}
      onSave={() => form.submit()}
      onClose={props.onClose}
      okText={editing?.retiredAt ? '保存并恢复启用' : '保存'}
    >
      <Form
        name="channel"
        form={form}
        layout="vertical"
        onFinish={({ code, ...body }) =>
          void save(() => ok(api.PUT('/admin/referral-channels/{code}', { params: { path: { code } }, body })))
        }
      >
        <Form.Item
          name="code"
          label="渠道代码"
          rules={[{ required: true, pattern: /^[a-z0-9_]{2,32}$/, message: '2–32 位小写字母、数字或下划线' }]}
        >
          <Input disabled={editing !== null} />
        </Form.Item>
        <Form.Item
          name="name"
          label="渠道名称"
          rules={[{ required: true, whitespace: true, message: '请填写渠道名称' }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="reply"
          label="标准答复（告知市民的话）"
          rules={[{ required: true, whitespace: true, message: '请填写标准答复' }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <ReasonField />
      </Form>
    </EditDialog>
  );
}
