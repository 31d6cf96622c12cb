/**
 * 抽查: the week's random sample for the inspector. Each closed order is scored on how the unit handled
 * it (时效、答复实质、态度、是否真正解决) and each intake on how the operator took it (分类、要素、规范答复),
 * 1–5 each with a comment; an order not really solved may be reopened (重办: a new order on the same
 * request) or a supervision case (问责线索) opened against the unit, with a reason.
 */
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Radio, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { RUBRIC, RUBRIC_LABEL, SCORE_MAX, SCORE_MIN, type InspectionAction } from '../../../../domain/inspection';
import { api, ok } from '../../api/client';
import type { InspectionItem } from '../../api/types';
import { ProblemAlert } from '../../components/Problem';
import { useLoad, useLookups } from '../../hooks';
import { CLOSURE, formatTime, ORDER_TYPE, SLA } from '../../labels';
import type { ClosureCode, SlaState } from '../../../../domain/order';

const KIND = { order: '办理抽查', intake: '受理抽查' } as const;
const ACTION_LABEL: Record<InspectionAction, string> = {
  none: '仅评分',
  reopen: '重办（以原诉求新建工单）',
  case: '开具问责线索',
};
const SCORES = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MIN + i);

interface ScoreForm {
  scores: Record<string, number>;
  comment?: string;
  action: InspectionAction;
  reason?: string;
}

export default function Inspections() {
  const { unitName } = useLookups();
  const queue = useLoad(['inspections', 'pending'], () =>
    ok(api.GET('/inspections', { params: { query: { status: 'pending' } } })),
  );
  const [selected, setSelected] = useState<InspectionItem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [form] = Form.useForm<ScoreForm>();
  const action = Form.useWatch('action', form) ?? 'none';

  const submit = async (values: ScoreForm) => {
    if (!selected) return;
    try {
      const scored = await ok(
        api.POST('/inspections/{id}', {
          params: { path: { id: selected.id } },
          body: {
            scores: values.scores,
            action: values.action,
            ...(values.comment ? { comment: values.comment } : {}),
            ...(values.reason ? { reason: values.reason } : {}),
          },
        }),
      );
      setNotice(
        scored.followUpOrderId
          ? `已评分，并已重办：新工单 ${scored.followUpOrderId}。`
          : scored.action === 'case'
            ? '已评分，并已开具问责线索。'
            : '已评分。',
      );
      setSelected(null);
      setError(null);
      form.resetFields();
      queue.reload();
    } catch (err) {
      setError(err as Error);
    }
  };

  const subjectName = (i: InspectionItem) => (i.kind === 'order' ? unitName(i.subject) : `话务员 ${i.subject}`);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>抽查 · 本周样本</h1>
      {notice && <Alert type="success" showIcon title={notice} data-testid="notice" />}
      <ProblemAlert error={queue.error} />
      <Table<InspectionItem>
        rowKey="id"
        size="small"
        pagination={false}
        loading={queue.loading}
        dataSource={queue.data?.items ?? []}
        locale={{ emptyText: <Empty description="暂无待抽查的工单" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        rowClassName={(r) => (r.id === selected?.id ? 'ant-table-row-selected' : '')}
        columns={[
          { title: '类别', render: (_, r) => <Tag>{KIND[r.kind]}</Tag> },
          { title: '工单编号', dataIndex: 'orderId' },
          { title: '抽查对象', render: (_, r) => subjectName(r) },
          { title: '分类', render: (_, r) => r.categoryName ?? '—' },
          { title: '抽样周', render: (_, r) => `${r.week} 起` },
          {
            title: '操作',
            render: (_, r) => (
              <Button
                onClick={() => {
                  setSelected(r);
                  setNotice(null);
                  form.resetFields();
                }}
              >
                评分
              </Button>
            ),
          },
        ]}
      />
      {selected && (
        <Card
          size="small"
          data-testid="inspection-form"
          title={
            <h2 style={{ fontSize: 16, margin: 0 }}>
              {KIND[selected.kind]} · 工单 {selected.orderId} · {subjectName(selected)}
            </h2>
          }
        >
          <Descriptions column={2} size="small">
            <Descriptions.Item label="诉求类型">
              {selected.orderType ? ORDER_TYPE[selected.orderType] : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="承办单位">{unitName(selected.leadUnit)}</Descriptions.Item>
            <Descriptions.Item label="受理时间">
              {selected.receivedAt ? formatTime(selected.receivedAt) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="结案时间">
              {selected.closedAt ? formatTime(selected.closedAt) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="结案方式">
              {selected.closureCode ? CLOSURE[selected.closureCode as ClosureCode] : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="时限情况">
              {selected.slaState ? SLA[selected.slaState as SlaState] : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="市民诉求" span={2}>
              {selected.request ?? '（已匿名化）'}
            </Descriptions.Item>
            <Descriptions.Item label="答复市民" span={2}>
              {selected.reply ?? '—'}
            </Descriptions.Item>
          </Descriptions>
          <ProblemAlert error={error} />
          <Form<ScoreForm>
            form={form}
            layout="vertical"
            initialValues={{ action: 'none' }}
            onFinish={(v) => void submit(v)}
          >
            {RUBRIC[selected.kind].map((item) => (
              <Form.Item
                key={item}
                name={['scores', item]}
                label={`${RUBRIC_LABEL[item]}（${SCORE_MIN}–${SCORE_MAX} 分）`}
                rules={[{ required: true, message: `请为“${RUBRIC_LABEL[item]}”评分` }]}
              >
                <Radio.Group optionType="button" options={SCORES.map((s) => ({ value: s, label: `${s} 分` }))} />
              </Form.Item>
            ))}
            <Form.Item name="comment" label="抽查意见">
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            {selected.kind === 'order' && (
              <Form.Item name="action" label="处理">
                <Radio.Group
                  options={(Object.keys(ACTION_LABEL) as InspectionAction[]).map((a) => ({
                    value: a,
                    label: ACTION_LABEL[a],
                  }))}
                />
              </Form.Item>
            )}
            {action !== 'none' && (
              <Form.Item
                name="reason"
                label={action === 'case' ? '问责理由' : '重办理由'}
                rules={[{ required: true, whitespace: true, message: '请填写理由' }]}
              >
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit">
              提交评分
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
