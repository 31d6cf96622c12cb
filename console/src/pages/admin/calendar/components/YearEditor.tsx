/** One calendar year: its holidays and 调休 working days, where they come from, whether provisional, and why. */
import { Button, Form, Input, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { api, ok } from '../../../../api/client';
import { ProblemAlert } from '../../../../components/Problem';
import { ReasonField } from '../../components/ReasonField';
import { useSave } from '../../hooks/useSave';
import type { CalendarYear } from '../hooks/useCalendarYears';
import { DayList } from './DayList';
import { NoticeImport } from './NoticeImport';

type Values = Omit<CalendarYear, 'year'> & { reason: string };

export function YearEditor({ year }: { year: CalendarYear }) {
  const [form] = Form.useForm<Values>();
  const [importing, setImporting] = useState(false);
  const [saved, setSaved] = useState(false);
  const { save, busy, error } = useSave(form, {
    onSaved: () => {
      form.setFieldValue('reason', '');
      setSaved(true);
    },
  });
  useEffect(() => form.setFieldsValue(year), [form, year]);
  const submit = (v: Values) => {
    setSaved(false);
    return save(() => ok(api.PUT('/admin/calendar/{year}', { params: { path: { year: year.year } }, body: v })));
  };
  return (
    <Form
      name={`year-${year.year}`}
      form={form}
      layout="vertical"
      initialValues={year}
      onFinish={(v) => void submit(v)}
      onValuesChange={() => setSaved(false)}
    >
      <ProblemAlert error={error} />
      {saved && (
        <div role="status" style={{ marginBottom: 12, color: '#135200' }}>
          已保存 {year.year} 年工作日历。
        </div>
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Button onClick={() => setImporting(true)}>导入国务院通知…</Button>
      </Space>
      <Form.Item name="makeupWorkdays" label="调休上班日（周末上班）">
        <DayList label="调休上班日" year={year.year} />
      </Form.Item>
      <Form.Item name="holidays" label="放假日">
        <DayList label="放假日" year={year.year} />
      </Form.Item>
      <Form.Item
        name="source"
        label="依据"
        rules={[{ required: true, whitespace: true, message: '请填写依据（如通知文号）' }]}
      >
        <Input maxLength={300} />
      </Form.Item>
      <Form.Item name="provisional" label="暂定（国务院尚未公布，按惯例预排）" valuePropName="checked">
        <Switch checkedChildren="暂定" unCheckedChildren="正式" />
      </Form.Item>
      <ReasonField />
      <Button type="primary" htmlType="submit" loading={busy}>
        保存 {year.year} 年
      </Button>
      <NoticeImport
        year={year.year}
        open={importing}
        onClose={() => setImporting(false)}
        onApply={(days) => form.setFieldsValue(days)}
      />
    </Form>
  );
}
