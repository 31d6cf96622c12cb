/** A list of days as a form field: each day with its weekday, removable; a day added from a date picker. */
import { DatePicker, Space, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
export const withWeekday = (day: string) => `${day} ${WEEKDAY[dayjs(day).day()]}`;

export function DayList(props: { label: string; year: number; value?: string[]; onChange?: (days: string[]) => void }) {
  const days = props.value ?? [];
  const set = (next: string[]) => props.onChange?.([...new Set(next)].sort());
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap size={[4, 8]} data-testid={`days-${props.label}`}>
        {days.length === 0 && <span>无</span>}
        {days.map((d) => (
          <Tag
            key={d}
            closable
            closeIcon={<span aria-label={`删除${props.label} ${d}`}>×</span>}
            onClose={() => set(days.filter((x) => x !== d))}
          >
            {withWeekday(d)}
          </Tag>
        ))}
      </Space>
      <DatePicker
        aria-label={`添加${props.label}`}
        placeholder={`添加${props.label}`}
        value={null}
        defaultPickerValue={dayjs(`${props.year}-01-01`)}
        onChange={(d: Dayjs | null) => d && set([...days, d.format('YYYY-MM-DD')])}
      />
    </Space>
  );
}
