/**
 * 督办/协调: disputes (退单) waiting for a ruling with the unit's reason and the ruling countdown,
 * extension requests, overdue orders not yet under supervision, supervised (L2) and high-level
 * coordination (L3) orders with the cause of their last escalation; each tab with its count, one request
 * per tab (the rows carry every column). Rulings, decisions and overrides are taken on the order page.
 */
import { Space, Tabs } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ok } from '../../api/client';
import { OrderTable, useCursorList } from '../../components/OrderTable';
import { useLoad } from '../../hooks';
import { useLive } from '../../live';
import { QUEUE_COLUMNS, QUEUE_KINDS, QUEUE_LABEL, type QueueKind } from './components/columns';

function Queue({ kind }: { kind: QueueKind }) {
  const list = useCursorList(['escalations', kind], (limit, cursor) =>
    ok(api.GET('/escalations', { params: { query: { kind, limit, cursor } } })),
  );
  // A dispute's unit clocks wait for the ruling: its own column counts the ruling down instead.
  return (
    <OrderTable
      name="board"
      list={list}
      extraColumns={QUEUE_COLUMNS[kind]}
      omit={kind === 'disputes' ? ['state', 'due'] : []}
    />
  );
}

export default function Board() {
  const [kind, setKind] = useState<QueueKind>('disputes');
  const counts = useLoad(['escalation-counts'], () => ok(api.GET('/escalations/counts')));
  useLive(() => counts.reload());
  const count = (k: string) => counts.data?.counts[k] ?? 0;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <h1 style={{ fontSize: 20, margin: 0 }}>督办协调</h1>
        <Link to="/held">待派单工单（{count('held')}）</Link>
      </Space>
      <Tabs
        activeKey={kind}
        onChange={(k) => setKind(k as QueueKind)}
        items={QUEUE_KINDS.map((key) => ({
          key,
          label: `${QUEUE_LABEL[key]}（${count(key)}）`,
          children: kind === key ? <Queue kind={key} /> : null,
        }))}
      />
    </Space>
  );
}
