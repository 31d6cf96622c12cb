/** What each coordinators' queue shows beside the common columns, all read from the list rows. */
import type { ColumnsType } from 'antd/es/table';
import type { OrderListItem } from '../../../api/types';
import { Countdown } from '../../../components/Countdown';
import { clockOf } from '../../../components/OrderTable';
import { formatTime, reasonText } from '../../../labels';

export const QUEUE_KINDS = ['disputes', 'extensions', 'overdue', 'supervision', 'coordination'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export const QUEUE_LABEL: Record<QueueKind, string> = {
  disputes: '退单待裁定',
  extensions: '延期申请',
  overdue: '超时未督办',
  supervision: '督办（L2 及以上）',
  coordination: '高位协调（L3）',
};

const cause = (title: string): ColumnsType<OrderListItem>[number] => ({
  title,
  key: 'cause',
  render: (_, o) => reasonText(o.escalationCause),
});

export const QUEUE_COLUMNS: Record<QueueKind, ColumnsType<OrderListItem>> = {
  disputes: [
    { title: '退单理由', key: 'returnReason', render: (_, o) => o.returnReason ?? '—' },
    { title: '裁定时限', key: 'ruling', render: (_, o) => <Countdown clock={clockOf(o, 'ruling')} /> },
  ],
  extensions: [
    {
      title: '申请延期至',
      key: 'extension',
      render: (_, o) =>
        o.pendingExtension ? `${formatTime(o.pendingExtension.newDueAt)}（${o.pendingExtension.reason}）` : '—',
    },
  ],
  overdue: [cause('最近督办原因')],
  supervision: [cause('督办原因')],
  coordination: [cause('协调原因')],
};
