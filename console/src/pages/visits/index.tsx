/**
 * 回访: completed orders waiting for the citizen's rating, with the visit deadline, the failed attempts
 * so far and, opened per row, the call script; the rating is recorded on the order page.
 */
import { Space } from 'antd';
import { api, ok } from '../../api/client';
import { clockOf, OrderTable, useCursorList } from '../../components/OrderTable';
import { CallScript } from './components/CallScript';

export default function Visits() {
  const list = useCursorList(['visits'], (limit, cursor) =>
    ok(api.GET('/visits', { params: { query: { limit, cursor } } })),
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>回访 · 待回访工单</h1>
      <OrderTable
        name="visits"
        list={list}
        clock={(o) => clockOf(o, 'visit')}
        clockTitle="回访时限"
        extraColumns={[
          {
            title: '未接通',
            key: 'attempts',
            render: (_, o) => <span data-testid="visit-attempts">{o.visitAttempts} 次</span>,
          },
        ]}
        expandable={{
          expandedRowRender: (o) => <CallScript orderId={o.orderId} />,
          expandRowByClick: false,
        }}
      />
    </Space>
  );
}
