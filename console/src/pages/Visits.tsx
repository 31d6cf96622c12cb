/** 回访: completed orders waiting for the citizen's rating; the rating is recorded on the order page. */
import { Space } from 'antd';
import { api, ok } from '../api/client';
import { OrderTable, useCursorList } from '../components/OrderTable';

export default function Visits() {
  const list = useCursorList((limit, cursor) => ok(api.GET('/visits', { params: { query: { limit, cursor } } })), []);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>回访 · 待回访工单</h1>
      <OrderTable list={list} />
    </Space>
  );
}
