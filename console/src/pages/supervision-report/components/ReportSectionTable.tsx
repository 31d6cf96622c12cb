/** One section of the report as the page prints it: its heading, what it counts, and its table with the orders behind each row. */
import { Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { OrderList, ReportRow, ReportSection } from '../../../../../domain/supervision-report';

function Orders({ orders }: { orders: OrderList | null }) {
  if (!orders || orders.total === 0) return <>—</>;
  return (
    <span className="report-orders">
      {orders.orderIds.map((id) => (
        <Link key={id} to={`/orders/${id}`}>
          {id}
        </Link>
      ))}
      {orders.total > orders.orderIds.length && <span>等，共 {orders.total} 件</span>}
    </span>
  );
}

export function ReportSectionTable({ section }: { section: ReportSection }) {
  const titleId = `report-${section.key}`;
  return (
    <section className="report-section" aria-labelledby={titleId} data-testid={titleId}>
      <Typography.Title level={2} id={titleId} style={{ fontSize: 16, marginBottom: 4 }}>
        {section.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {section.note}
      </Typography.Paragraph>
      <Table<ReportRow & { key: number }>
        size="small"
        bordered
        pagination={false}
        aria-labelledby={titleId}
        // In the text's own colour: the table's grey placeholder is too faint to read (or print).
        locale={{ emptyText: <Typography.Text>{section.empty}</Typography.Text> }}
        dataSource={section.rows.map((r, key) => ({ ...r, key }))}
        columns={[
          ...section.columns.map((title, i) => ({
            key: String(i),
            title,
            render: (_: unknown, r: ReportRow) => r.cells[i],
          })),
          {
            key: 'orders',
            title: '工单',
            width: '36%',
            render: (_: unknown, r: ReportRow) => <Orders orders={r.orders} />,
          },
        ]}
      />
    </section>
  );
}
