/**
 * 质检复核: replies the policy sent to quality review before the return visit. The reviewer reads the
 * request beside the unit's reply and the findings, then clears them as false (the return visit goes
 * ahead) or sends the reply back to the unit, with a reason either way. Coordinators see the queue.
 */
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ok } from '../../api/client';
import type { QualityReview } from '../../api/types';
import { ProblemAlert } from '../../components/Problem';
import { useLoad, useLookups } from '../../hooks';
import { formatTime } from '../../labels';
import { useLive } from '../../live';
import { useSession } from '../../session';

type Decision = 'clear' | 'return';
const DECISION: Record<Decision, { title: string; reason: string; done: string }> = {
  clear: { title: '问题不成立，转回访', reason: '复核意见', done: '已认定问题不成立，工单转入回访。' },
  return: { title: '退回承办单位重办', reason: '退回理由', done: '已退回承办单位重新办理并答复。' },
};

export default function QualityReviews() {
  const session = useSession()!;
  const { unitName } = useLookups();
  const queue = useLoad(['quality-reviews', 'pending'], () =>
    ok(api.GET('/quality-reviews', { params: { query: { status: 'pending' } } })),
  );
  useLive(() => queue.reload());
  const [selected, setSelected] = useState<QualityReview | null>(null);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const reviewer = session.role === 'reviewer';

  const decide = async ({ reason }: { reason: string }) => {
    if (!selected || !deciding) return;
    try {
      await ok(
        api.POST(`/orders/{orderId}/quality/${deciding}`, {
          params: { path: { orderId: selected.orderId } },
          body: { reason },
        }),
      );
      setNotice(DECISION[deciding].done);
      setDeciding(null);
      setSelected(null);
      form.resetFields();
      queue.reload();
    } catch (err) {
      setError(err as Error);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>质检复核 · 待复核答复</h1>
      {notice && <Alert type="success" showIcon title={notice} data-testid="notice" />}
      <ProblemAlert error={queue.error} />
      <Table<QualityReview>
        rowKey="id"
        size="small"
        pagination={false}
        loading={queue.loading}
        dataSource={queue.data?.items ?? []}
        locale={{ emptyText: <Empty description="暂无待复核的答复" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        rowClassName={(r) => (r.id === selected?.id ? 'ant-table-row-selected' : '')}
        columns={[
          {
            title: '工单编号',
            render: (_, r) => (reviewer ? r.orderId : <Link to={`/orders/${r.orderId}`}>{r.orderId}</Link>),
          },
          { title: '承办单位', render: (_, r) => unitName(r.unit) },
          { title: '分类', render: (_, r) => r.categoryName ?? '—' },
          {
            title: '质检问题',
            render: (_, r) => (
              <Space wrap size={4}>
                {r.findings.map((f) => (
                  <Tag key={f.code} color="red">
                    {f.message}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: '办结时间', render: (_, r) => formatTime(r.createdAt) },
          {
            title: '操作',
            render: (_, r) => <Button onClick={() => setSelected(r)}>查看答复</Button>,
          },
        ]}
      />
      {selected && (
        <Card
          size="small"
          title={<h2 style={{ fontSize: 16, margin: 0 }}>工单 {selected.orderId} 的答复</h2>}
          data-testid="quality-review"
          extra={
            reviewer && (
              <Space>
                <Button type="primary" onClick={() => setDeciding('clear')}>
                  {DECISION.clear.title}
                </Button>
                <Button onClick={() => setDeciding('return')}>{DECISION.return.title}</Button>
              </Space>
            )
          }
        >
          <Descriptions column={1} size="small">
            <Descriptions.Item label="市民诉求">{selected.request ?? '（已匿名化）'}</Descriptions.Item>
            <Descriptions.Item label="单位答复">{selected.reply ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="质检问题">
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {selected.findings.map((f) => (
                  <li key={f.code}>{f.message}</li>
                ))}
              </ul>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Modal
        title={deciding ? DECISION[deciding].title : ''}
        open={deciding !== null}
        okText="提交"
        cancelText="取消"
        onOk={() => form.submit()}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
      >
        <ProblemAlert error={error} />
        <Form form={form} layout="vertical" onFinish={(v) => void decide(v)}>
          <Form.Item
            name="reason"
            label={deciding ? DECISION[deciding].reason : '理由'}
            rules={[{ required: true, whitespace: true, message: '请填写理由' }]}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
