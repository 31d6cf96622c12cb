/** 立为专项治理: a structural problem taken on with the unit that owns its solution, by when and why. */
import { Button, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, ok } from '../../../api/client';
import { ProblemAlert } from '../../../components/Problem';
import { useLookups } from '../../../hooks';
import type { Candidate } from '../hooks/hotspots';

interface Values {
  ownerUnit: string;
  targetDate: Dayjs;
  reason: string;
}

export default function TopicForm({ candidate, onDone }: { candidate: Candidate; onDone: () => void }) {
  const { lookups } = useLookups();
  const [error, setError] = useState<Error | null>(null);
  const submit = async (v: Values) => {
    try {
      await ok(
        api.POST('/topics', {
          body: {
            category: candidate.category,
            address: candidate.address,
            ownerUnit: v.ownerUnit,
            targetDate: v.targetDate.format('YYYY-MM-DD'),
            reason: v.reason,
          },
        }),
      );
      setError(null);
      onDone();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <Form<Values> layout="inline" onFinish={(v) => void submit(v)} aria-label="立为专项治理" style={{ rowGap: 8 }}>
      <Form.Item name="ownerUnit" label="责任单位" rules={[{ required: true, message: '请选择责任单位' }]}>
        <Select
          style={{ width: 220 }}
          showSearch
          optionFilterProp="label"
          options={(lookups?.units ?? []).map((u) => ({ value: u.code, label: u.name }))}
        />
      </Form.Item>
      <Form.Item name="targetDate" label="目标完成日期" rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker placeholder="选择日期" />
      </Form.Item>
      <Form.Item
        name="reason"
        label="立项理由"
        rules={[{ required: true, whitespace: true, message: '请填写理由' }]}
        style={{ minWidth: 280 }}
      >
        <Input maxLength={1000} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        立为专项治理
      </Button>
      <ProblemAlert error={error} />
    </Form>
  );
}
