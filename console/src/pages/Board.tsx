/**
 * 督办/协调: supervised (L2) and high-level coordination (L3) orders with the cause of their last
 * escalation, disputes (退单) waiting for a ruling with the ruling countdown, and extension requests
 * to decide. Rulings, decisions and every override are taken on the order page, each with a reason.
 */
import { Space, Tabs } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { OrderListItem, OrderView } from '../api/types';
import { Countdown } from '../components/Countdown';
import { OrderTable, useCursorList } from '../components/OrderTable';
import { useLoad } from '../hooks';
import { formatTime } from '../labels';

type Kind = 'supervision' | 'coordination' | 'disputes' | 'extensions';

/** A fact only the order itself holds (the list rows carry no ruling clock, cause or requested date). */
function FromOrder({ orderId, render }: { orderId: string; render: (view: OrderView) => React.ReactNode }) {
  const { data } = useLoad(['order', orderId], () =>
    ok(api.GET('/orders/{orderId}', { params: { path: { orderId } } })),
  );
  return <>{data ? render(data) : '…'}</>;
}

const EXTRA: Record<Kind, ColumnsType<OrderListItem>> = {
  supervision: [
    {
      title: '督办原因',
      render: (_, o) => <FromOrder orderId={o.orderId} render={(v) => v.escalations.at(-1)?.cause ?? '—'} />,
    },
  ],
  coordination: [
    {
      title: '协调原因',
      render: (_, o) => <FromOrder orderId={o.orderId} render={(v) => v.escalations.at(-1)?.cause ?? '—'} />,
    },
  ],
  disputes: [
    {
      title: '裁定时限',
      render: (_, o) => (
        <FromOrder
          orderId={o.orderId}
          render={(v) => {
            const ruling = v.clocks.find((c) => c.kind === 'ruling' && c.stoppedAt === null);
            return ruling ? <Countdown dueAt={ruling.dueAt} slaState={ruling.slaState} /> : '—';
          }}
        />
      ),
    },
  ],
  extensions: [
    {
      title: '申请延期至',
      render: (_, o) => (
        <FromOrder
          orderId={o.orderId}
          render={(v) =>
            v.pendingExtension ? `${formatTime(v.pendingExtension.newDueAt)}（${v.pendingExtension.reason}）` : '—'
          }
        />
      ),
    },
  ],
};

function Queue({ kind }: { kind: Kind }) {
  const list = useCursorList(
    (limit, cursor) => ok(api.GET('/escalations', { params: { query: { kind, limit, cursor } } })),
    [kind],
  );
  return <OrderTable list={list} extraColumns={EXTRA[kind]} />;
}

const TABS: [Kind, string][] = [
  ['disputes', '退单待裁定'],
  ['extensions', '延期申请'],
  ['supervision', '督办（L2 及以上）'],
  ['coordination', '高位协调（L3）'],
];

export default function Board() {
  const [kind, setKind] = useState<Kind>('disputes');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>督办协调</h1>
      <Tabs
        activeKey={kind}
        onChange={(k) => setKind(k as Kind)}
        items={TABS.map(([key, label]) => ({ key, label, children: kind === key ? <Queue kind={key} /> : null }))}
      />
    </Space>
  );
}
