/**
 * 新建政策版本: every setting, starting from the version in force, grouped as the centre thinks of them;
 * the diff against the version in force follows each edit; published with a reason. Settings this form
 * does not show are carried over unchanged.
 */
import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { api, ok } from '../../../../api/client';
import { ProblemAlert } from '../../../../components/Problem';
import { LIMIT_UNIT, RESOLUTION_LABEL, SATISFACTION_LABEL } from '../../../../labels';
import { MB } from '../../../../../../domain/photos';
import { NUMBER_RANGES } from '../../../../../../domain/policy-bounds';
import { POLICY_SETTINGS, withSetting, type PolicySetting } from '../../../../../../domain/policy-settings';
import type { SlaPolicy } from '../../../../../../domain/types';
import { ReasonField } from '../../components/ReasonField';
import { useSave } from '../../hooks/useSave';
import { bytesOf, megabytes } from '../settings';
import { PolicyDiff } from './PolicyDiff';

type Settings = Omit<SlaPolicy, 'version'>;
const GROUPS = [...new Set(POLICY_SETTINGS.map((s) => s.group))];
const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const THRESHOLDS = Array.from({ length: 19 }, (_, i) => ({ value: (i + 1) / 20, label: `${(i + 1) * 5}%` }));
const toPercent = (v: number | null) => ({ value: v === null ? null : Math.round(v * 1000) / 10 });
const fromPercent = (v: number | null) => (v === null ? null : v / 100);
const toMegabytes = (v: number | null) => ({ value: v === null ? null : megabytes(v) });
const fromMegabytes = (v: number | null) => (v === null ? null : bytesOf(v));

function SettingInput({ setting }: { setting: PolicySetting }) {
  const name = setting.path.split('.');
  switch (setting.kind) {
    case 'limit':
      return (
        <Form.Item label={setting.name} required>
          <Space.Compact>
            <Form.Item
              name={[...name, 'amount']}
              noStyle
              rules={[{ required: true, message: `请填写${setting.name}` }]}
            >
              <InputNumber controls={false} aria-label={`${setting.name}数值`} min={0} style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name={[...name, 'unit']} noStyle>
              <Select aria-label={`${setting.name}单位`} style={{ width: 100 }} options={options(LIMIT_UNIT)} />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      );
    case 'fraction':
      return (
        <Form.Item name={name} label={setting.name} getValueProps={toPercent} normalize={fromPercent}>
          <InputNumber controls={false} aria-label={setting.name} min={0} max={100} suffix="%" style={{ width: 140 }} />
        </Form.Item>
      );
    case 'bytes': {
      // The policy's bounds in tenths of a MB, inside them (100 KB is not quite 0.1 MB).
      const [least, most] = NUMBER_RANGES[setting.path as keyof typeof NUMBER_RANGES];
      return (
        <Form.Item name={name} label={setting.name} getValueProps={toMegabytes} normalize={fromMegabytes}>
          <InputNumber
            controls={false}
            aria-label={setting.name}
            min={Math.ceil((least / MB) * 10) / 10}
            max={Math.floor((most / MB) * 10) / 10}
            suffix="MB"
            style={{ width: 140 }}
          />
        </Form.Item>
      );
    }
    case 'thresholds':
      return (
        <Form.Item name={name} label={setting.name} normalize={(v: number[]) => [...v].sort((a, b) => a - b)}>
          <Select aria-label={setting.name} mode="multiple" options={THRESHOLDS} style={{ minWidth: 200 }} />
        </Form.Item>
      );
    case 'phrases':
      return (
        <Form.Item name={name} label={setting.name} extra="输入后回车添加">
          <Select aria-label={setting.name} mode="tags" open={false} />
        </Form.Item>
      );
    case 'time':
      return (
        <Form.Item
          name={name}
          label={setting.name}
          rules={[{ pattern: /^([01][0-9]|2[0-3]):[0-5][0-9]$/, message: '如 22:00' }]}
        >
          <Input aria-label={setting.name} style={{ width: 120 }} />
        </Form.Item>
      );
    case 'satisfaction':
    case 'resolution':
      return (
        <Form.Item name={name} label={setting.name}>
          <Checkbox.Group options={options(setting.kind === 'satisfaction' ? SATISFACTION_LABEL : RESOLUTION_LABEL)} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name={name} label={setting.name}>
          <InputNumber
            controls={false}
            aria-label={setting.name}
            min={0}
            step={setting.kind === 'weight' ? 0.05 : 1}
            suffix={setting.unit}
            style={{ width: 140 }}
          />
        </Form.Item>
      );
  }
}

/** The form field an API error names: the setting it falls under (a limit's amount), or the reason. */
const fieldOf = (apiField: string): string[] => {
  const setting = POLICY_SETTINGS.find((s) => `${apiField}.`.startsWith(`body.${s.path}.`));
  if (!setting) return [apiField.replace(/^body\./, '')];
  const name = setting.path.split('.');
  return setting.kind === 'limit' ? [...name, 'amount'] : name;
};

export function PolicyForm(props: { inForce: { version: number; policy: Settings }; onDone: () => void }) {
  const [form] = Form.useForm();
  const { save, busy, error } = useSave(form, { onSaved: props.onDone, fieldOf });
  // Re-rendered on every edit, so the diff follows the form.
  Form.useWatch([], form);
  // The candidate: the version in force with each shown setting as the form has it.
  const candidate = (): Settings =>
    POLICY_SETTINGS.reduce(
      (policy, s) => withSetting(policy, s.path, form.getFieldValue(s.path.split('.'))),
      props.inForce.policy,
    );
  const publish = ({ reason }: { reason: string }) =>
    save(() => ok(api.POST('/admin/policy', { body: { ...candidate(), reason } })));

  return (
    <Card title={`新建政策版本（以现行第 ${props.inForce.version} 版为底稿）`}>
      <ProblemAlert error={error} />
      <Form
        name="policy"
        form={form}
        layout="vertical"
        initialValues={props.inForce.policy}
        onFinish={(v) => void publish(v)}
      >
        {GROUPS.map((group) => (
          <Card key={group} type="inner" size="small" title={group} style={{ marginBottom: 12 }}>
            <Row gutter={16}>
              {POLICY_SETTINGS.filter((s) => s.group === group).map((s) => (
                <Col key={s.path} xs={24} md={12} xl={8}>
                  <SettingInput setting={s} />
                </Col>
              ))}
            </Row>
          </Card>
        ))}
        <Card type="inner" size="small" title="与现行版本的差异" style={{ marginBottom: 12 }}>
          <PolicyDiff
            inForce={props.inForce.policy}
            other={candidate()}
            inForceLabel={`现行（第 ${props.inForce.version} 版）`}
            otherLabel="新版本"
          />
        </Card>
        <ReasonField />
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            发布新版本
          </Button>
          <Button onClick={props.onDone}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
