/**
 * 部门工作台: the unit's open orders, nearest due first, each with a live countdown coloured by SLA
 * state; filter by state; orders the unit assists on listed apart. Changes arrive live.
 */
import { Card, Select, Space, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { ORDER_STATES, type OrderStatus } from '../../../domain/order';
import { api, ok } from '../api/client';
import { OrderTable, useCursorList } from '../components/OrderTable';
import { STATE } from '../labels';
import { useSession } from '../session';

/** When the first rows of the inbox were on screen, for the browser test's render figure. */
declare global {
  interface Window {
    inboxRenderedAt?: number;
  }
}

export default function Inbox() {
  const unit = useSession()?.unit;
  const [state, setState] = useState<OrderStatus | undefined>();
  const list = useCursorList(
    (limit, cursor) => ok(api.GET('/inbox', { params: { query: { limit, cursor, state } } })),
    [state],
  );
  useEffect(() => {
    if (list.items.length && window.inboxRenderedAt === undefined) window.inboxRenderedAt = performance.now();
  }, [list.items.length]);
  const lead = list.items.filter((o) => o.leadUnit === unit);
  const assisting = list.items.filter((o) => o.leadUnit !== unit);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>部门工作台 · 待办工单</h1>
      <Card size="small">
        <Space>
          <label htmlFor="inbox-state">状态筛选</label>
          <Select
            id="inbox-state"
            allowClear
            placeholder="全部未结案"
            style={{ width: 180 }}
            value={state}
            onChange={setState}
            options={ORDER_STATES.filter((s) => s !== 'closed').map((s) => ({ value: s, label: STATE[s] }))}
          />
        </Space>
      </Card>
      <Tabs
        items={[
          { key: 'lead', label: `主办（${lead.length}）`, children: <OrderTable list={{ ...list, items: lead }} /> },
          {
            key: 'assisting',
            label: `协办（${assisting.length}）`,
            children: <OrderTable list={{ ...list, items: assisting }} />,
          },
        ]}
      />
    </Space>
  );
}
