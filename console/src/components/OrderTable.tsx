/**
 * The order lists of every screen: a table of read-model rows — the request's first words and place, a
 * live countdown of the clock that matters to the reader — paged with the API's cursors ("加载更多"),
 * re-read when a live change concerns it.
 */
import { Button, Table, Tag, Typography, type TableProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, type HTMLAttributes } from 'react';
import { Link } from 'react-router';
import type { OrderListItem, OrderPage } from '../api/types';
import { useLookups } from '../hooks';
import { ESCALATION_LEVEL, formatTime, ORDER_TYPE, STATE } from '../labels';
import { useLive } from '../live';
import { Countdown, type ClockLike } from './Countdown';
import { ProblemAlert } from './Problem';

const PAGE = 50;

/** When each list first had rows on screen (ms after navigation start), for the browser tests' figures. */
declare global {
  interface Window {
    firstRowsAt?: Record<string, number>;
  }
}

export type ListClock = OrderListItem['clocks'][number];

/**
 * The clock the order's unit acts on first: a paused one says so, else the nearest of the response and
 * handling deadlines (rows written before the list carried clocks fall back to the row's due instants).
 */
export function leadClock(o: OrderListItem): ClockLike | null {
  const own = o.clocks.filter((c) => c.subject === null && (c.kind === 'response' || c.kind === 'handling'));
  const paused = own.find((c) => c.paused);
  if (paused) return paused;
  const due = own.filter((c) => c.dueAt !== null).sort((a, b) => a.dueAt!.localeCompare(b.dueAt!))[0];
  if (due) return due;
  const dueAt = [o.responseDueAt, o.handlingDueAt].filter((d): d is string => d !== null).sort()[0] ?? null;
  return own.length || dueAt === null ? null : { dueAt, slaState: o.slaState };
}

/** A clock of the row by kind (and subject: an assisting unit's own 协办时限). */
export const clockOf = (o: OrderListItem, kind: ListClock['kind'], subject: string | null = null) =>
  o.clocks.find((c) => c.kind === kind && c.subject === subject) ?? null;

/**
 * Pages of a list through TanStack Query (`key` names the list and its filters): the first page on mount,
 * more with `more` ("加载更多"), an answer for other filters never shown over the current one. A live
 * change re-reads every page shown; several changes in a burst cost one re-read.
 */
export function useCursorList(
  key: readonly unknown[],
  fetchPage: (limit: number, cursor: string | undefined) => Promise<OrderPage>,
) {
  const q = useInfiniteQuery({
    queryKey: ['list', ...key],
    queryFn: ({ pageParam }) => fetchPage(PAGE, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const latest = useRef(q);
  useEffect(() => {
    latest.current = q;
  });
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // A re-read of the pages shown would cancel the next page's read (加载更多) and leave the list a page
  // short: it waits until that page is in.
  const reread = () => {
    clearTimeout(pending.current);
    pending.current = setTimeout(
      () => (latest.current.isFetchingNextPage ? reread() : void latest.current.refetch()),
      200,
    );
  };
  useLive(reread);
  const items = useMemo(() => q.data?.pages.flatMap((p) => p.items) ?? [], [q.data]);
  return {
    items,
    nextCursor: q.data?.pages.at(-1)?.nextCursor ?? null,
    loading: q.isFetching,
    /** Only the next page's own read: a live re-read meanwhile must not swallow the click on 加载更多. */
    loadingMore: q.isFetchingNextPage,
    error: q.error,
    reload: () => q.refetch(),
    // The next page's read cancels a re-read in flight; the re-read is taken again once the page is in.
    more: async () => {
      const rereading = q.isFetching && !q.isFetchingNextPage;
      await q.fetchNextPage();
      if (rereading) reread();
    },
  };
}

export type CursorList = ReturnType<typeof useCursorList>;

/** The request as a list shows it: its first words, and where the matter is. */
export function RequestCell({ o }: { o: OrderListItem }) {
  return (
    <div style={{ maxWidth: 320 }}>
      <Typography.Text>{o.summary ?? '—'}</Typography.Text>
      {o.place && (
        <div>
          <Typography.Text type="secondary">地点：{o.place}</Typography.Text>
        </div>
      )}
    </div>
  );
}

export function OrderTable({
  list,
  name = 'orders',
  extraColumns = [],
  clock = leadClock,
  clockTitle = '时限',
  rowProps,
  expandable,
  omit = [],
}: {
  list: CursorList;
  /** Names the list in `window.firstRowsAt`. */
  name?: string;
  extraColumns?: ColumnsType<OrderListItem>;
  /** The clock the time column counts down. */
  clock?: (o: OrderListItem) => ClockLike | null;
  clockTitle?: string;
  /** Extra attributes of a row (a highlight, a marker for tests). */
  rowProps?: (o: OrderListItem) => HTMLAttributes<HTMLElement> & Record<`data-${string}`, string | undefined>;
  expandable?: TableProps<OrderListItem>['expandable'];
  /** Common columns that tell this list's reader nothing (a held order's unit, the inbox's own unit). */
  omit?: ('state' | 'leadUnit' | 'due' | 'escalationLevel')[];
}) {
  const { unitName, categoryName } = useLookups();
  useEffect(() => {
    if (!list.items.length) return;
    window.firstRowsAt ??= {};
    window.firstRowsAt[name] ??= performance.now();
  }, [list.items.length, name]);
  const columns: ColumnsType<OrderListItem> = [
    {
      title: '工单编号',
      dataIndex: 'orderId',
      render: (id: string) => <Link to={`/orders/${id}`}>{id}</Link>,
    },
    { title: '诉求', key: 'request', render: (_, o) => <RequestCell o={o} /> },
    {
      title: '类型 · 分类',
      key: 'category',
      render: (_, o) => `${ORDER_TYPE[o.orderType]} · ${o.categoryName ?? categoryName(o.category)}`,
    },
    { title: '状态', key: 'state', dataIndex: 'state', render: (s: OrderListItem['state']) => STATE[s] },
    { title: '主办单位', key: 'leadUnit', dataIndex: 'leadUnit', render: (u: string | null) => unitName(u) },
    {
      title: clockTitle,
      key: 'due',
      // A returned order's clocks wait for the coordinators' ruling, not for the unit.
      render: (_: unknown, o) =>
        o.state === 'returned' ? (
          <Tag color="#434343" data-sla="awaiting_ruling">
            待裁定
          </Tag>
        ) : (
          <Countdown clock={clock(o)} />
        ),
    },
    {
      title: '督办',
      key: 'escalationLevel',
      dataIndex: 'escalationLevel',
      render: (l: number) => (l ? <Tag color="#a8071a">{ESCALATION_LEVEL[l]}</Tag> : '—'),
    },
    { title: '受理时间', dataIndex: 'receivedAt', render: (t: string) => formatTime(t) },
    ...extraColumns,
  ];
  const shown = columns.filter((c) => !omit.includes(c.key as (typeof omit)[number]));
  return (
    <>
      <ProblemAlert error={list.error} />
      <Table<OrderListItem>
        rowKey="orderId"
        size="small"
        columns={shown}
        dataSource={list.items}
        loading={list.loading && !list.items.length}
        pagination={false}
        expandable={expandable}
        onRow={(o) => ({ 'data-order-id': o.orderId, ...rowProps?.(o) }) as HTMLAttributes<HTMLElement>}
      />
      {list.nextCursor && (
        <Button style={{ marginTop: 12 }} onClick={() => void list.more()} loading={list.loadingMore}>
          加载更多
        </Button>
      )}
    </>
  );
}
