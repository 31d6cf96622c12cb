/**
 * The order lists of every screen: a table of read-model rows with a live countdown to the nearest
 * deadline, paged with the API's cursors ("加载更多"), re-read when a live change concerns it.
 */
import { Button, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { OrderListItem, OrderPage } from '../api/types';
import { useLookups } from '../hooks';
import { ESCALATION_LEVEL, formatTime, ORDER_TYPE, STATE } from '../labels';
import { useLive } from '../live';
import { Countdown } from './Countdown';
import { ProblemAlert } from './Problem';

const PAGE = 50;

/** Nearest of the response and handling deadlines: what the unit must act on first. */
export const nearestDue = (o: OrderListItem) =>
  [o.responseDueAt, o.handlingDueAt].filter((d): d is string => d !== null).sort()[0] ?? null;

/**
 * Pages of a list, first page on mount and on `reload`; a live change re-reads as many rows as shown.
 * `fetchPage(limit, cursor)` calls the API.
 */
export function useCursorList(
  fetchPage: (limit: number, cursor: string | undefined) => Promise<OrderPage>,
  deps: readonly unknown[],
) {
  const [items, setItems] = useState<OrderListItem[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const shown = useRef(PAGE);
  const fetchRef = useRef(fetchPage);
  useEffect(() => {
    fetchRef.current = fetchPage;
  });

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const page = await fetchRef.current(Math.min(100, Math.max(PAGE, shown.current)), undefined);
      setItems(page.items);
      setNextCursor(page.nextCursor);
      setError(null);
    } catch (err) {
      setError(err as Error);
    } finally {
      setLoading(false);
    }
  }, []);

  const more = async () => {
    if (!nextCursor) return;
    setLoading(true);
    try {
      const page = await fetchRef.current(PAGE, nextCursor);
      setItems((prev) => [...prev, ...page.items]);
      shown.current = items.length + page.items.length;
      setNextCursor(page.nextCursor);
    } catch (err) {
      setError(err as Error);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    shown.current = PAGE;
    void reload();
    // The caller's deps say when the list's filters changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  // Several changes in a burst cost one re-read.
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLive(() => {
    clearTimeout(pending.current);
    pending.current = setTimeout(() => void reload(), 200);
  });

  return { items, nextCursor, loading, error, reload, more };
}

export function OrderTable({
  list,
  extraColumns = [],
}: {
  list: ReturnType<typeof useCursorList>;
  extraColumns?: ColumnsType<OrderListItem>;
}) {
  const { unitName, categoryName } = useLookups();
  const columns: ColumnsType<OrderListItem> = [
    {
      title: '工单编号',
      dataIndex: 'orderId',
      render: (id: string) => <Link to={`/orders/${id}`}>{id}</Link>,
    },
    { title: '类型', dataIndex: 'orderType', render: (t: OrderListItem['orderType']) => ORDER_TYPE[t] },
    { title: '分类', dataIndex: 'category', render: (c: string | null) => categoryName(c) },
    { title: '状态', dataIndex: 'state', render: (s: OrderListItem['state']) => STATE[s] },
    { title: '主办单位', dataIndex: 'leadUnit', render: (u: string | null) => unitName(u) },
    {
      title: '时限',
      key: 'due',
      render: (_: unknown, o) => <Countdown dueAt={nearestDue(o)} slaState={o.slaState} />,
    },
    {
      title: '督办',
      dataIndex: 'escalationLevel',
      render: (l: number) => (l ? <Tag color="#a8071a">{ESCALATION_LEVEL[l]}</Tag> : '—'),
    },
    { title: '受理时间', dataIndex: 'receivedAt', render: (t: string) => formatTime(t) },
    ...extraColumns,
  ];
  return (
    <>
      <ProblemAlert error={list.error} />
      <Table<OrderListItem>
        rowKey="orderId"
        size="small"
        columns={columns}
        dataSource={list.items}
        loading={list.loading && !list.items.length}
        pagination={false}
        onRow={(o) => ({ 'data-order-id': o.orderId }) as React.HTMLAttributes<HTMLElement>}
      />
      {list.nextCursor && (
        <Button style={{ marginTop: 12 }} onClick={() => void list.more()} loading={list.loading}>
          加载更多
        </Button>
      )}
    </>
  );
}
