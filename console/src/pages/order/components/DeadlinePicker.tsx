/**
 * A new deadline, picked in Chinese format on the working calendar: for an extension, only days after
 * the current deadline and up to the policy's longest extension (days off excluded when it counts
 * working days), with that longest date said in China time and filled in with one click.
 */
import { Button, DatePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { OrderView } from '../../../api/types';
import { formatTime, LIMIT_UNIT } from '../../../labels';

type Window = NonNullable<OrderView['deadlineWindow']>;

export function DeadlinePicker({
  window,
  id,
  value,
  onChange,
}: {
  window: Window | undefined;
  id?: string;
  value?: Dayjs | null;
  onChange?: (v: Dayjs | null) => void;
}) {
  // A working-day deadline ends at 24:00 of its last working day: offered as 23:59 of that day.
  const end = window && dayjs(window.latest);
  const latest = end && (end.hour() === 0 && end.minute() === 0 ? end.subtract(1, 'minute') : end);
  const current = window?.current ? dayjs(window.current) : null;
  const daysOff = new Set(window?.maxExtension.unit === 'working_days' ? window.daysOff : []);
  const disabledDate = (d: Dayjs) =>
    d.isBefore(dayjs(), 'day') ||
    (current !== null && d.isBefore(current, 'day')) ||
    (latest !== undefined && d.isAfter(latest, 'day')) ||
    daysOff.has(d.format('YYYY-MM-DD'));
  return (
    <>
      <DatePicker
        id={id}
        value={value}
        onChange={onChange}
        showTime={{ format: 'HH:mm' }}
        format="YYYY年MM月DD日 HH:mm"
        disabledDate={disabledDate}
        style={{ width: 260 }}
      />
      {window && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} data-testid="deadline-window">
          当前办理时限 {formatTime(window.current)}；按政策最长延长 {window.maxExtension.amount}
          {LIMIT_UNIT[window.maxExtension.unit]}，即至 {formatTime(latest!.valueOf())}（北京时间）
          {daysOff.size ? '，节假日和周末不可选' : ''}。
          <Button type="link" size="small" onClick={() => onChange?.(latest!)}>
            填入最长期限
          </Button>
        </Typography.Paragraph>
      )}
    </>
  );
}
