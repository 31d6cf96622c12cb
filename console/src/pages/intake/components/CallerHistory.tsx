/** 来电历史: this number's earlier orders, newest first, so the operator knows who is calling. */
import { Card, List, Typography } from 'antd';
import { Link } from 'react-router';
import type { OrderListItem } from '../../../api/types';
import { useLookups } from '../../../hooks';
import { formatTime, ORDER_TYPE, STATE } from '../../../labels';

export function CallerHistory({ orders }: { orders: OrderListItem[] | undefined }) {
  const { categoryName } = useLookups();
  if (!orders) return null;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>该号码的历史工单</h2>}
      size="small"
      data-testid="caller-history"
    >
      {orders.length ? (
        <List
          size="small"
          dataSource={orders}
          renderItem={(o) => (
            <List.Item>
              <Link to={`/orders/${o.orderId}`}>{o.orderId}</Link>
              <Typography.Text>
                {formatTime(o.receivedAt)} · {ORDER_TYPE[o.orderType]} · {categoryName(o.category)} · {STATE[o.state]}
              </Typography.Text>
            </List.Item>
          )}
        />
      ) : (
        <Typography.Text type="secondary">该号码没有历史工单（首次来电）</Typography.Text>
      )}
    </Card>
  );
}
