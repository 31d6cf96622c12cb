/**
 * 通知记录: what the order told whom — the units' console notices and webhooks, the citizen's SMS — and
 * whether it went: waiting, held for the quiet hours, failing (and why), sent, or skipped (and why).
 */
import { Empty, Space, Table, Tag } from 'antd';
import { api, ok } from '../../../api/client';
import type { Answer } from '../../../api/types';
import { ProblemAlert } from '../../../components/Problem';
import { useLoad, useLookups } from '../../../hooks';
import { formatTime, NOTICE_EVENT } from '../../../labels';
import { ONE_LINE } from '../../../tables';

type Delivery = Answer<'/orders/{orderId}/notifications', 'get'>['deliveries'][number];

const CHANNEL: Record<Delivery['channel'], string> = { in_app: '站内通知', webhook: '单位接口', sms: '短信' };

// Dark enough for white text on every one (WCAG AA), as the page's other tags.
const STATUS: Record<Delivery['status'], { label: string; color: string }> = {
  queued: { label: '待发送', color: '#0050b3' },
  held: { label: '免打扰时段暂缓', color: '#874d00' },
  failed: { label: '发送失败，重试中', color: '#a8071a' },
  sent: { label: '已送达', color: '#237804' },
  skipped: { label: '未发送', color: '#434343' },
};

/** The API's reason, in the words a reader of the order needs. */
function reasonText(reason: string | null): string {
  if (!reason) return '';
  if (reason === 'no_phone') return '无市民手机号';
  if (reason === 'no_webhook') return '单位未配置接口';
  // activities/notifications.ts: the policy's templates have no visit notice (version 1), or the visit is over.
  if (reason === 'no_template') return '所用短信模板版本无此通知';
  if (reason === 'visit_over') return '回访已结束';
  if (reason.startsWith('webhook unreachable')) return '单位系统无法连接';
  const answered = /^webhook answered (\d+)$/.exec(reason);
  if (answered) return `单位系统返回错误（${answered[1]}）`;
  if (reason.startsWith('sms not sent')) return '短信网关未接收';
  return '系统错误';
}

export function Notifications({ orderId, version }: { orderId: string; version: number }) {
  const sent = useLoad(['notifications', orderId, version], () =>
    ok(api.GET('/orders/{orderId}/notifications', { params: { path: { orderId } } })),
  );
  const { unitName } = useLookups();
  if (!sent.data) return <ProblemAlert error={sent.error} />;
  if (!sent.data.deliveries.length) return <Empty description="暂无通知" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Table<Delivery>
      size="small"
      pagination={false}
      data-testid="notifications"
      rowKey={(d) => `${d.channel}-${d.seq}-${d.recipient ?? 'citizen'}`}
      dataSource={sent.data.deliveries}
      columns={[
        { title: '方式', render: (_, d) => CHANNEL[d.channel], width: 100, ...ONE_LINE },
        { title: '对象', render: (_, d) => (d.recipient ? unitName(d.recipient) : '市民'), width: 280 },
        { title: '事项', render: (_, d) => NOTICE_EVENT[d.event] ?? '其他', width: 240 },
        {
          title: '状态',
          // Apart from the tag, which has no margin of its own: 发送失败，重试中 and the reason ran together.
          render: (_, d) => (
            <Space wrap size={4}>
              <Tag color={STATUS[d.status].color}>{STATUS[d.status].label}</Tag>
              {[reasonText(d.reason), d.status === 'held' && d.heldUntil ? `${formatTime(d.heldUntil)} 后发送` : '']
                .filter(Boolean)
                .join('，') || null}
            </Space>
          ),
        },
        { title: '时间', render: (_, d) => formatTime(d.deliveredAt ?? d.createdAt), width: 160, ...ONE_LINE },
      ]}
    />
  );
}
