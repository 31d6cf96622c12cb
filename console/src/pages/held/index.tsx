/**
 * 待派单: work orders no unit owns yet — held back as a likely repeat, or with no lead unit found — for
 * the operators and the coordinators, nearest response deadline first. Each row shows its response
 * countdown, turns amber at half and orange at three quarters of it (red once breached), and offers
 * 派单 (as proposed or to a chosen unit) and 并单 into the order it most likely repeats.
 */
import { Alert, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { api, ok } from '../../api/client';
import type { HeldItem } from '../../api/types';
import { clockOf, OrderTable, useCursorList } from '../../components/OrderTable';
import { HeldActions } from './components/HeldActions';
import { useResponseWarning, WARNING_STYLE } from './hooks/useResponseWarning';

export default function Held() {
  const list = useCursorList(['held'], (limit, cursor) =>
    ok(api.GET('/held', { params: { query: { limit, cursor } } })),
  );
  const warning = useResponseWarning();
  const items = list.items as HeldItem[];
  const late = items.filter((o) => warning(o) !== 'none').length;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>待派单 · 尚无承办单位的工单</h1>
      {late > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`${late} 张工单的响应时限已过半，请尽快派单或并单，超时将自动督办。`}
          data-testid="held-warning"
        />
      )}
      <OrderTable
        name="held"
        list={list}
        clock={(o) => clockOf(o, 'response')}
        clockTitle="响应时限"
        omit={['state', 'leadUnit', 'escalationLevel']}
        rowProps={(o) => {
          const w = warning(o);
          return { style: WARNING_STYLE[w], 'data-warn': w };
        }}
        extraColumns={[
          {
            title: '疑似重复',
            key: 'repeat',
            render: (_, o) => {
              const of = (o as HeldItem).repeatOf;
              return of ? (
                <Typography.Text>
                  <Link to={`/orders/${of.orderId}`}>{of.orderId}</Link>（相似度 {Math.round(of.confidence * 100)}%）
                </Typography.Text>
              ) : (
                '—'
              );
            },
          },
          {
            title: '操作',
            key: 'act',
            render: (_, o) => <HeldActions o={o as HeldItem} onDone={() => void list.reload()} />,
          },
        ]}
      />
    </Space>
  );
}
