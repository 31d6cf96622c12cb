/**
 * 工作日历: the official working-day calendar year by year — holidays and 调休 working days, each year's
 * source and whether it is provisional (预排, until the State Council publishes it) — edited day by day or
 * from the notice's table, with the reason recorded. Working-day deadlines are counted on it.
 */
import { Button, InputNumber, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { ScreenHeader } from '../components/Screen';
import { ProblemAlert } from '../../../components/Problem';
import { ChangeHistory } from '../components/ChangeHistory';
import { YearEditor } from './components/YearEditor';
import { useCalendarYears, type CalendarYear } from './hooks/useCalendarYears';

export default function Calendar() {
  const { years, error } = useCalendarYears();
  const [added, setAdded] = useState<CalendarYear[]>([]);
  const [newYear, setNewYear] = useState<number | null>(null);
  const all = [...years, ...added.filter((a) => !years.some((y) => y.year === a.year))].sort((a, b) => a.year - b.year);
  const [active, setActive] = useState<string>();
  const addYear = () => {
    if (!newYear || all.some((y) => y.year === newYear)) return;
    setAdded([...added, { year: newYear, holidays: [], makeupWorkdays: [], source: '', provisional: true }]);
    setActive(String(newYear));
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ScreenHeader title="工作日历">
        <Space.Compact>
          <InputNumber
            controls={false}
            aria-label="新增年份"
            placeholder="年份"
            min={2000}
            max={2100}
            value={newYear}
            onChange={setNewYear}
          />
          <Button onClick={addYear}>新增年份</Button>
        </Space.Compact>
      </ScreenHeader>
      <ProblemAlert error={error} />
      <Tabs
        activeKey={active ?? String(all.find((y) => y.provisional)?.year ?? all.at(-1)?.year ?? '')}
        onChange={setActive}
        items={all.map((y) => ({
          key: String(y.year),
          label: (
            <Space size={4}>
              {y.year} 年{y.provisional ? <Tag color="#873800">暂定</Tag> : <Tag color="#135200">正式</Tag>}
            </Space>
          ),
          children: <YearEditor year={y} />,
        }))}
      />
      <ChangeHistory kind="calendar" />
    </Space>
  );
}
