/**
 * 第三方评议: dissatisfied ratings from flagged requesters on orders completed on time. A reviewer
 * marks each upheld (it counts) or not attributable to the unit, with a reason; coordinators see the queue.
 */
import { Button, Form, Input, Modal, Radio, Space, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ok } from '../../api/client';
import type { Review } from '../../api/types';
import { ProblemAlert } from '../../components/Problem';
import { useLoad, useLookups } from '../../hooks';
import { formatTime } from '../../labels';
import { useLive } from '../../live';
import { useSession } from '../../session';

export default function Reviews() {
  const session = useSession()!;
  const { unitName } = useLookups();
  const reviews = useLoad(['reviews', 'pending'], () =>
    ok(api.GET('/reviews', { params: { query: { status: 'pending' } } })),
  );
  useLive(() => reviews.reload());
  const [deciding, setDeciding] = useState<Review | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [form] = Form.useForm<{ outcome: 'upheld' | 'not_attributable'; reason: string }>();

  const decide = async (values: { outcome: 'upheld' | 'not_attributable'; reason: string }) => {
    try {
      await ok(api.POST('/reviews/{id}', { params: { path: { id: deciding!.id } }, body: values }));
      setDeciding(null);
      form.resetFields();
      reviews.reload();
    } catch (err) {
      setError(err as Error);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>第三方评议 · 待评议</h1>
      <ProblemAlert error={reviews.error} />
      <Table<Review>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={reviews.data?.items ?? []}
        columns={[
          {
            title: '工单编号',
            render: (_, r) =>
              session.role === 'reviewer' ? r.orderId : <Link to={`/orders/${r.orderId}`}>{r.orderId}</Link>,
          },
          { title: '被评价单位', render: (_, r) => unitName(r.unit) },
          { title: '进入评议', render: (_, r) => formatTime(r.createdAt) },
          ...(session.role === 'reviewer'
            ? [
                {
                  title: '操作',
                  render: (_: unknown, r: Review) => <Button onClick={() => setDeciding(r)}>评议</Button>,
                },
              ]
            : []),
        ]}
      />
      <Modal
        title="评议结论"
        open={deciding !== null}
        okText="提交"
        cancelText="取消"
        onOk={() => form.submit()}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
      >
        <ProblemAlert error={error} />
        <Form form={form} layout="vertical" onFinish={(v) => void decide(v)}>
          <Form.Item name="outcome" label="结论" rules={[{ required: true, message: '请选择结论' }]}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'upheld', label: '评价有效（计入考核）' },
                { value: 'not_attributable', label: '不可归责于承办单位' },
              ]}
            />
          </Form.Item>
          <Form.Item name="reason" label="理由" rules={[{ required: true, whitespace: true, message: '请填写理由' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
