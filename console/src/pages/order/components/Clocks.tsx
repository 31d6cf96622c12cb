/** The order's clocks: each with its deadline and a live countdown, 暂停计时 while paused, 已完成 once stopped. */
import { Table } from 'antd';
import type { ClockView } from '../../../api/types';
import { Countdown } from '../../../components/Countdown';
import { useLookups } from '../../../hooks';
import { CLOCK, formatTime } from '../../../labels';

export function Clocks({ clocks }: { clocks: ClockView[] }) {
  const { unitName } = useLookups();
  return (
    <Table<ClockView>
      size="small"
      pagination={false}
      rowKey={(c) => `${c.kind}-${c.subject ?? ''}`}
      dataSource={clocks}
      onRow={(c) => ({ 'data-clock': c.kind }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: '时限', render: (_, c) => `${CLOCK[c.kind]}${c.subject ? `（${unitName(c.subject)}）` : ''}` },
        { title: '截止', render: (_, c) => (c.paused ? '暂停中' : formatTime(c.dueAt)) },
        {
          title: '剩余',
          render: (_, c) => (c.stoppedAt !== null ? `已完成 ${formatTime(c.stoppedAt)}` : <Countdown clock={c} />),
        },
        { title: '暂停原因', render: (_, c) => c.pausedReason ?? '—' },
      ]}
    />
  );
}
