/**
 * The period picker of the reports (考核看板, 督查专报): a day, a week, a month or any range of days, China
 * time, as dashboard/hooks/period.ts counts them.
 */
import { DatePicker, Segmented } from 'antd';
import dayjs from 'dayjs';
import {
  PERIOD_KIND_LABEL,
  PERIOD_KINDS,
  periodOf,
  type Period,
  type PeriodKind,
} from '../pages/dashboard/hooks/period';

const PICKER: Record<Exclude<PeriodKind, 'custom'>, 'date' | 'week' | 'month'> = {
  day: 'date',
  week: 'week',
  month: 'month',
};
const DAY = 'YYYY-MM-DD';

/** `label`: what the period is of (考核 on the dashboard), for the pickers' accessible names. */
export function PeriodPicker({
  period,
  onChange,
  label,
}: {
  period: Period;
  onChange: (p: Period) => void;
  label: string;
}) {
  const last = dayjs(period.end).subtract(1, 'day').format(DAY);
  return (
    <>
      <Segmented
        aria-label={`${label}周期`}
        value={period.kind}
        options={PERIOD_KINDS.map((k) => ({ value: k, label: PERIOD_KIND_LABEL[k] }))}
        onChange={(k) => onChange(periodOf(k, period.start, last))}
      />
      {period.kind === 'custom' ? (
        <DatePicker.RangePicker
          aria-label="起止日期"
          allowClear={false}
          value={[dayjs(period.start), dayjs(last)]}
          onChange={(v) => v?.[0] && v[1] && onChange(periodOf('custom', v[0].format(DAY), v[1].format(DAY)))}
        />
      ) : (
        <DatePicker
          aria-label={`${label}日期`}
          allowClear={false}
          picker={PICKER[period.kind]}
          value={dayjs(period.start)}
          onChange={(d) => d && onChange(periodOf(period.kind, d.format(DAY)))}
        />
      )}
    </>
  );
}
