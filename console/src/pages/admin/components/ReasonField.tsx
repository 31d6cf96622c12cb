/** 变更原因: every change an administrator makes is recorded with who made it and why. */
import { Form, Input } from 'antd';

export function ReasonField() {
  return (
    <Form.Item
      name="reason"
      label="变更原因"
      rules={[{ required: true, whitespace: true, message: '请填写变更原因（记入变更记录）' }]}
      extra="记入变更记录，与修改人、时间一起保存。"
    >
      <Input.TextArea rows={2} maxLength={500} showCount />
    </Form.Item>
  );
}
