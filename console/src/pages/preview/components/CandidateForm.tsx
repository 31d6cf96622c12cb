/**
 * The candidate: the policy in force with the settings a preview is about changed — the limits (签收,
 * 特急, each handling class × urgency) and the KPI weights, named as the policy's own form names them.
 */
import { Button, Card, Col, DatePicker, Form, InputNumber, Row } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { POLICY_SETTINGS } from '../../../../../domain/policy-settings';
import { LIMIT_UNIT } from '../../../labels';
import type { Policy } from '../hooks/usePreview';

const SHOWN = POLICY_SETTINGS.filter(
  (s) => s.kind === 'weight' || (s.kind === 'limit' && /^(responseLimit|emergencyLimit|handlingLimits\.)/.test(s.path)),
);

const get = (o: unknown, path: string): unknown =>
  path.split('.').reduce((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);

/** The policy with one setting replaced (a limit's amount, or a weight). */
function withSetting(policy: Policy, path: string, value: number): Policy {
  const copy = structuredClone(policy) as Record<string, unknown>;
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce((o, k) => o[k] as Record<string, unknown>, copy);
  const last = keys.at(-1)!;
  if (typeof parent[last] === 'object') (parent[last] as { amount: number }).amount = value;
  else parent[last] = value;
  return copy as Policy;
}

export interface CandidateValues {
  period: [Dayjs, Dayjs];
  settings: Record<string, number>;
}

export function CandidateForm(props: {
  inForce: Policy;
  busy: boolean;
  onPreview: (candidate: Omit<Policy, 'version'>, period: [Dayjs, Dayjs]) => void;
}) {
  const { inForce } = props;
  const initial = Object.fromEntries(
    SHOWN.map((s) => {
      const v = get(inForce, s.path);
      return [s.path, typeof v === 'number' ? v : (v as { amount: number }).amount];
    }),
  );
  const submit = (values: CandidateValues) => {
    let candidate = inForce;
    for (const [path, value] of Object.entries(values.settings)) candidate = withSetting(candidate, path, value);
    const { version: _version, ...settings } = candidate;
    props.onPreview(settings, values.period);
  };
  return (
    <Card size="small" title="候选政策（以现行版本为底稿，改动要预演的项）">
      <Form<CandidateValues>
        layout="vertical"
        onFinish={submit}
        initialValues={{
          settings: initial,
          period: [dayjs().subtract(30, 'day').startOf('day'), dayjs().startOf('day')],
        }}
      >
        <Row gutter={16}>
          {SHOWN.map((s) => {
            const v = get(inForce, s.path);
            const unit = typeof v === 'object' ? LIMIT_UNIT[(v as { unit: keyof typeof LIMIT_UNIT }).unit] : undefined;
            return (
              <Col key={s.path} xs={12} lg={6}>
                <Form.Item
                  name={['settings', s.path]}
                  label={s.name}
                  rules={[{ required: true, message: `请填写${s.name}` }]}
                >
                  {/* No step arrows: their labels are English, and a setting is typed, not clicked. */}
                  <InputNumber min={0} controls={false} addonAfter={unit} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            );
          })}
        </Row>
        <Form.Item
          name="period"
          label="预演期间（按已办理的工单重算）"
          rules={[{ required: true, message: '请选择预演期间' }]}
        >
          <DatePicker.RangePicker allowClear={false} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={props.busy}>
          开始预演
        </Button>
      </Form>
    </Card>
  );
}
