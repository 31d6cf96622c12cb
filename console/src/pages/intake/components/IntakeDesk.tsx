/**
 * One call at the desk: the form, keyboard first (the request first, then type, category, the address of
 * the matter and the contact; Ctrl+Enter submits), and beside it what the desk finds while the operator
 * types. Mounted afresh for every call, so nothing of the previous caller survives.
 */
import { App, Button, Card, Checkbox, Col, Form, Input, Row, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { emailProblem } from '../../../../../domain/email';
import { contactPhoneProblem } from '../../../../../domain/phone';
import { CALLER_CONDUCTS, CHANNELS, ORDER_TYPES, URGENCIES } from '../../../../../domain/types';
import { api, ApiProblem, ok } from '../../../api/client';
import type { KbHit } from '../../../api/types';
import { ProblemAlert } from '../../../components/Problem';
import { useLookups } from '../../../hooks';
import { CALLER_CONDUCT, CHANNEL, ORDER_TYPE, URGENCY } from '../../../labels';
import { checkedBy } from '../../../rules';
import { drafts } from '../../../session';
import { bodyOf, DEFAULTS, formFieldOf, NEEDS_CALLBACK, type CreateBody, type IntakeValues } from '../form';
import { useDebounced } from '../hooks/useDebounced';
import { useCallerHistory, usePreview, useSuggestions } from '../hooks/useIntakeLookups';
import { useIntakeSubmit, type FollowUp, type Outcome } from '../hooks/useIntakeSubmit';
import { useKeyboardFlow } from '../hooks/useKeyboardFlow';
import { useSmartIntake } from '../hooks/useSmartIntake';
import { CallerHistory } from './CallerHistory';
import { DispatchPreview } from './DispatchPreview';
import { DispatchSuggestion } from './DispatchSuggestion';
import { LimitedTextArea } from './LimitedTextArea';
import { Repeats } from './Repeats';
import { Suggestions } from './Suggestions';
import { TranscriptFill } from './TranscriptFill';

export const DRAFT = 'intake';

/** What the API stores of a request (api/intake.ts). */
const DESCRIPTION_MAX = 4000;

export function IntakeDesk({ onDone }: { onDone: (outcome: Outcome) => void }) {
  const [form] = Form.useForm<IntakeValues>();
  const { modal } = App.useApp();
  const { lookups } = useLookups();
  const values = Form.useWatch([], form) as IntakeValues | undefined;
  const settled = useDebounced(values);
  const suggestions = useSuggestions(settled?.description);
  const preview = usePreview(settled);
  const history = useCallerHistory(settled?.phone);
  const smart = useSmartIntake(form, settled?.description, settled?.incidentAddress);
  const [referral, setReferral] = useState('litigation');
  const { submit, busy, error } = useIntakeSubmit((outcome) => {
    drafts.clear(DRAFT);
    onDone(outcome);
  });

  // The API's refusals shown beside the field they concern.
  useEffect(() => {
    if (!(error instanceof ApiProblem)) return;
    const fields = (error.problem.errors ?? []).flatMap((e) => {
      const name = formFieldOf(e.field);
      return name ? [{ name, errors: [e.message] }] : [];
    });
    form.setFields(fields);
    if (fields[0]) form.scrollToField(fields[0].name, { focus: true });
  }, [error, form]);

  /** Asks before filing an order no one can call back about (no return visit is possible). */
  const confirmNoContact = (f: IntakeValues) =>
    new Promise<boolean>((resolve) => {
      if (!NEEDS_CALLBACK.includes(f.orderType) || f.phone?.trim()) return resolve(true);
      modal.confirm({
        title: '未留联系电话，无法回访',
        content: `${ORDER_TYPE[f.orderType]}件办结后须回访来电人。确认来电人不愿或无法留下电话？`,
        okText: '确认无法回访，仍提交',
        cancelText: '返回填写',
        autoFocusButton: 'cancel',
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });

  const file = async (overrides: Partial<IntakeValues>, then?: FollowUp) => {
    let f: IntakeValues;
    try {
      f = { ...(await form.validateFields()), ...overrides };
    } catch (invalid) {
      // The cursor goes to the first field to correct, so the keyboard flow goes on there.
      const first = (invalid as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { focus: true });
      return;
    }
    if (!(await confirmNoContact(f))) return;
    await submit({ ...(bodyOf(f) as CreateBody), ...smart.recorded(f) }, then);
  };

  const answerWith = (hit: KbHit) =>
    void file({ orderType: 'consultation', category: undefined }, async (orderId) => {
      await ok(api.POST('/orders/{orderId}/answer', { params: { path: { orderId } }, body: { articleId: hit.code } }));
      return `已按知识库《${hit.title}》直接答复并办结`;
    });
  const mergeInto = (primaryOrderId: string) =>
    void file({}, async (orderId) => {
      await ok(api.POST('/orders/{orderId}/merge', { params: { path: { orderId } }, body: { primaryOrderId } }));
      return `已作为重复来电并入工单 ${primaryOrderId}（并单）`;
    });
  const refer = () =>
    void file({ category: undefined }, async (orderId) => {
      await ok(api.POST('/orders/{orderId}/refer', { params: { path: { orderId } }, body: { channel: referral } }));
      const channel = lookups?.referralChannels.find((c) => c.code === referral);
      return `已转办（${channel?.name ?? '非政府职能'}），标准答复：${channel?.reply ?? ''}`;
    });

  const keyboard = useKeyboardFlow(() => void file({}));
  const consultation = values?.orderType === 'consultation';
  return (
    <Row gutter={24}>
      <Col xs={24} lg={14}>
        <TranscriptFill
          onFill={(t) => {
            const filled = smart.fill(t);
            form.scrollToField('description', { focus: true });
            return filled;
          }}
        />
        <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>受理台 · 新来电</h1>} style={{ marginTop: 16 }}>
          <ProblemAlert error={error} />
          <Form<IntakeValues>
            form={form}
            layout="vertical"
            initialValues={{ ...DEFAULTS, ...drafts.load<IntakeValues>(DRAFT) }}
            onValuesChange={(_, all) => drafts.save(DRAFT, all)}
            onKeyDown={keyboard}
          >
            <Form.Item
              name="description"
              label="诉求内容"
              rules={[{ required: true, whitespace: true, message: '请填写诉求内容' }]}
            >
              <LimitedTextArea rows={4} max={DESCRIPTION_MAX} autoFocus />
            </Form.Item>
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="orderType" label="诉求类型" rules={[{ required: true, message: '请选择诉求类型' }]}>
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    options={ORDER_TYPES.map((t) => ({ value: t, label: ORDER_TYPE[t] }))}
                  />
                </Form.Item>
              </Col>
              <Col span={16}>
                {!consultation && (
                  <Form.Item name="category" label="派单分类（可搜索）">
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      placeholder="输入关键字搜索目录，回车选定"
                      notFoundContent="目录中没有匹配的分类"
                      options={lookups?.categories.map((c) => ({ value: c.code, label: c.name }))}
                    />
                  </Form.Item>
                )}
              </Col>
            </Row>
            <Form.Item name="incidentAddress" label="事发地址">
              <Input maxLength={256} placeholder="问题发生的地点，如：临江区滨江路12号、幸福小区5栋" />
            </Form.Item>
            <Row gutter={12}>
              <Col span={6}>
                <Form.Item name="name" label="市民姓名">
                  <Input maxLength={64} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="phone" label="联系电话" rules={[checkedBy(contactPhoneProblem)]}>
                  <Input maxLength={24} inputMode="tel" placeholder="手机或带区号的座机" />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name="address" label="联系地址（市民住址）">
                  <Input maxLength={256} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col span={14}>
                <Form.Item name="email" label="电子邮箱" rules={[checkedBy(emailProblem)]}>
                  <Input inputMode="email" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="smsConsent" valuePropName="checked" style={{ marginTop: -8 }}>
              <Checkbox>市民同意接收短信通知（受理告知工单号与查询码、办结答复、回访提醒）</Checkbox>
            </Form.Item>
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="urgency" label="紧急程度">
                  <Select
                    options={[
                      { value: 'catalogue', label: '按目录默认' },
                      ...URGENCIES.map((u) => ({ value: u, label: URGENCY[u] })),
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="channel" label="来源渠道" rules={[{ required: true, message: '请选择来源渠道' }]}>
                  <Select options={CHANNELS.map((c) => ({ value: c, label: CHANNEL[c] }))} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="callerConduct" label="来电情况（仅中心可见，不影响工单）">
              <Checkbox.Group options={CALLER_CONDUCTS.map((c) => ({ value: c, label: CALLER_CONDUCT[c] }))} />
            </Form.Item>
            <Space wrap>
              <Button type="primary" loading={busy} onClick={() => void file({})}>
                提交工单（Ctrl+Enter）
              </Button>
              <Select
                aria-label="转办类别"
                value={referral}
                onChange={setReferral}
                style={{ width: 160 }}
                options={lookups?.referralChannels.map((c) => ({ value: c.code, label: c.name }))}
              />
              <Button loading={busy} onClick={refer}>
                非政府职能，转办并答复
              </Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <DispatchSuggestion
            suggestion={smart.suggestion.data}
            loading={smart.suggestion.isFetching}
            asked={Boolean(settled?.description?.trim())}
            onAdopt={smart.adopt}
          />
          <Suggestions
            hits={suggestions.data}
            loading={suggestions.isFetching}
            asked={Boolean(settled?.description?.trim())}
            busy={busy}
            onAnswer={answerWith}
          />
          <CallerHistory orders={history.data} />
          <DispatchPreview preview={preview.data} consultation={consultation} />
          <Repeats candidates={preview.data?.repeatCandidates ?? []} busy={busy} onMerge={mergeInto} />
        </Space>
      </Col>
    </Row>
  );
}
