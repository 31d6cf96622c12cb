/**
 * 回访话术: what the agent reads on the call — who to call, what the citizen asked, what the unit
 * replied, and the two questions whose answers are recorded on the order page.
 */
import { Card, Descriptions, Typography } from 'antd';
import { Link } from 'react-router';
import { api, ok } from '../../../api/client';
import { ProblemAlert } from '../../../components/Problem';
import { useLoad, useLookups } from '../../../hooks';
import { RESOLUTION_LABEL, SATISFACTION_LABEL } from '../../../labels';

const options = (labels: Record<string, string>) => Object.values(labels).join(' / ');

export function CallScript({ orderId }: { orderId: string }) {
  const order = useLoad(['order', orderId], () => ok(api.GET('/orders/{orderId}', { params: { path: { orderId } } })));
  const { unitName } = useLookups();
  if (!order.data) return <ProblemAlert error={order.error} />;
  const o = order.data;
  return (
    <Card size="small" title="回访话术" data-testid={`script-${orderId}`}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label="联系市民">
          {[o.citizen.name, o.citizen.phone].filter(Boolean).join(' · ') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label="开场">
          您好，这里是 12345 热线，就您反映的问题做一次回访，耽误您一分钟。
        </Descriptions.Item>
        <Descriptions.Item label="市民诉求">{o.description}</Descriptions.Item>
        <Descriptions.Item label={`${unitName(o.leadUnit)}答复`}>{o.reply ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="问题一">您对办理结果是否满意？（{options(SATISFACTION_LABEL)}）</Descriptions.Item>
        <Descriptions.Item label="问题二">您反映的问题是否已经解决？（{options(RESOLUTION_LABEL)}）</Descriptions.Item>
      </Descriptions>
      <Typography.Text>
        记录结果：<Link to={`/orders/${orderId}`}>打开工单，回访评价或记录未接通</Link>
      </Typography.Text>
    </Card>
  );
}
