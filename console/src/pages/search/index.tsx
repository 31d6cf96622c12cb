/** 工单查询: an order by its number, or a caller's orders by phone number (matched by keyed hash). */
import { Card, Form, Input, Button, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ok } from '../../api/client';
import { OrderTable, useCursorList } from '../../components/OrderTable';

export default function Search() {
  const navigate = useNavigate();
  const [phone, setPhone] = useState<string | null>(null);
  const list = useCursorList(['orders-by-phone', phone], (limit, cursor) =>
    phone
      ? ok(api.POST('/search/orders-by-phone', { body: { phone, limit, cursor } }))
      : Promise.resolve({ items: [], nextCursor: null }),
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>工单查询</h1>
      <Card size="small">
        <Space wrap size="large">
          <Form
            layout="inline"
            onFinish={({ orderId }: { orderId: string }) => void navigate(`/orders/${orderId.trim().toUpperCase()}`)}
          >
            <Form.Item
              name="orderId"
              label="工单编号"
              rules={[{ required: true, pattern: /^\s*WO[0-9A-Za-z]{14}\s*$/, message: '工单编号为 WO 加 14 位字符' }]}
            >
              <Input placeholder="WO…" />
            </Form.Item>
            <Button htmlType="submit" type="primary">
              查看
            </Button>
          </Form>
          <Form layout="inline" onFinish={({ phone: p }: { phone: string }) => setPhone(p.trim())}>
            <Form.Item
              name="phone"
              label="来电号码"
              rules={[{ required: true, pattern: /^\+?[0-9][0-9 -]{4,19}$/, message: '请输入有效的电话号码' }]}
            >
              <Input inputMode="tel" />
            </Form.Item>
            <Button htmlType="submit">按号码查询</Button>
          </Form>
        </Space>
      </Card>
      {phone && <OrderTable list={list} />}
    </Space>
  );
}
