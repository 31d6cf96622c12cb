/**
 * 站内通知: what the caller's unit was told — orders dispatched to it, 催办 reminders, 督办 breaches, rulings,
 * extensions decided; the coordinators, orders raised to L3 — newest first, each opening its order. Read
 * again on every live change of the unit's orders; the newest 100.
 */
import { Empty, List, Space, Tag } from 'antd';
import { Link } from 'react-router';
import { api, ok } from '../../api/client';
import type { Answer } from '../../api/types';
import { ProblemAlert } from '../../components/Problem';
import { useLoad } from '../../hooks';
import { formatTime, NOTICE_EVENT } from '../../labels';
import { useLive } from '../../live';

type Notice = Answer<'/notices', 'get'>['items'][number];

/** The kinds that ask for action now, in red. */
const URGENT = new Set(['breach', 'escalated']);

/** The newest this many: older ones are on their orders' pages (通知记录). */
const NEWEST = 100;

export default function Notices() {
  const notices = useLoad(['notices'], () => ok(api.GET('/notices', { params: { query: { limit: NEWEST } } })));
  useLive(() => notices.reload());
  if (!notices.data) return notices.error ? <ProblemAlert error={notices.error} /> : <List loading />;
  const { items } = notices.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>站内通知</h1>
      {items.length ? (
        <List<Notice>
          bordered
          data-testid="notices"
          dataSource={items}
          renderItem={(n) => (
            <List.Item key={n.id}>
              <Space>
                <Tag color={URGENT.has(n.kind) ? '#a8071a' : '#0050b3'}>{NOTICE_EVENT[n.kind] ?? '通知'}</Tag>
                <Link to={`/orders/${n.orderId}`}>工单 {n.orderId}</Link>
                <span>{formatTime(n.at)}</span>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty description="暂无通知" />
      )}
    </Space>
  );
}
