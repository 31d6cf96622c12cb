/**
 * 部门工作台: the unit's open orders, nearest due first, each with the request's first words and place
 * and a live countdown of the unit's own clock (an assisting unit sees its 协办时限); search by order
 * number or words of the request; counts by state; an order that arrives live is highlighted and chimed.
 */
import { Card, Input, Select, Space, Tabs } from 'antd';
import { useState } from 'react';
import { ORDER_STATES, type OrderStatus } from '../../../../domain/order';
import { api, ok } from '../../api/client';
import { clockOf, OrderTable, useCursorList } from '../../components/OrderTable';
import { STATE } from '../../labels';
import { useSession } from '../../session';
import { useArrivals } from './hooks/useArrivals';
import { useInboxCounts } from './hooks/useInboxCounts';

const ARRIVED = { background: '#fffbe6' };

export default function Inbox() {
  const unit = useSession()?.unit ?? null;
  const [state, setState] = useState<OrderStatus | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const list = useCursorList(['inbox', state, q], (limit, cursor) =>
    ok(api.GET('/inbox', { params: { query: { limit, cursor, state, q } } })),
  );
  const counts = useInboxCounts();
  const arrived = useArrivals(list.items, !list.loading, `${state}|${q}`);
  const rowProps = (o: { orderId: string }) =>
    arrived.has(o.orderId) ? { style: ARRIVED, 'data-new': 'true' } : { 'data-new': undefined };
  const lead = list.items.filter((o) => o.leadUnit === unit);
  const assisting = list.items.filter((o) => o.leadUnit !== unit);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>部门工作台 · 待办工单</h1>
      <Card size="small">
        <Space wrap>
          <label htmlFor="inbox-state">状态筛选</label>
          <Select
            id="inbox-state"
            allowClear
            placeholder="全部未结案"
            style={{ width: 200 }}
            value={state}
            onChange={setState}
            options={ORDER_STATES.filter((s) => s !== 'closed').map((s) => ({
              value: s,
              label: `${STATE[s]}（${counts.byState(s)}）`,
            }))}
          />
          <Input.Search
            aria-label="搜索工单"
            placeholder="工单编号或诉求内容"
            allowClear
            enterButton="搜索"
            style={{ width: 320 }}
            onSearch={(v) => setQ(v.trim() || undefined)}
          />
        </Space>
      </Card>
      <Tabs
        items={[
          {
            key: 'lead',
            label: `主办（${counts.lead}）`,
            children: (
              <OrderTable name="inbox" list={{ ...list, items: lead }} rowProps={rowProps} omit={['leadUnit']} />
            ),
          },
          {
            key: 'assisting',
            label: `协办（${counts.assisting}）`,
            children: (
              <OrderTable
                name="inbox-assisting"
                list={{ ...list, items: assisting }}
                clock={(o) => clockOf(o, 'assist', unit)}
                clockTitle="协办时限"
                rowProps={rowProps}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}
