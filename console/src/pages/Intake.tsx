/**
 * 受理台 (intake desk). While the operator types: knowledge-base suggestions (one click answers a
 * consultation directly, 直接答复), the dispatch preview (lead and assisting units, deadlines) and the
 * repeat candidates (并单). Out-of-remit requests are referred with the standard reply. After submit,
 * the order number and the verification code to read to the caller. The form is kept as a draft.
 */
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Result,
  Row,
  Select,
  Space,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { CHANNELS, ORDER_TYPES, URGENCIES } from '../../../domain/types';
import { api, idempotencyKey, ok } from '../api/client';
import type { paths } from '../api/openapi';
import type { CreatedOrder, IntakePreview, KbHit } from '../api/types';
import { ProblemAlert } from '../components/Problem';
import { useLookups } from '../hooks';
import { CHANNEL, CLOCK, formatTime, LIMIT_UNIT, ORDER_TYPE, STATE, URGENCY } from '../labels';
import { drafts } from '../session';

type CreateBody = paths['/orders']['post']['requestBody']['content']['application/json'];

interface IntakeForm {
  channel: CreateBody['channel'];
  orderType: CreateBody['orderType'];
  category?: string;
  urgency?: CreateBody['urgency'];
  description?: string;
  name?: string;
  phone?: string;
  address?: string;
  lat?: number;
  lng?: number;
}

const DRAFT = 'intake';
const DEFAULTS: IntakeForm = { channel: 'phone', orderType: 'complaint' };

/** The API's create body from the form; empty fields left out. */
function bodyOf(f: IntakeForm): Omit<CreateBody, 'description'> & { description?: string } {
  const blank = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
  return {
    channel: f.channel,
    orderType: f.orderType,
    category: f.orderType === 'consultation' ? undefined : f.category,
    urgency: f.urgency,
    description: blank(f.description),
    citizen: { name: blank(f.name), phone: blank(f.phone), address: blank(f.address) },
    location:
      f.lat !== undefined && f.lng !== undefined && f.lat !== null && f.lng !== null
        ? { lat: f.lat, lng: f.lng }
        : undefined,
  };
}

/** Waits until the user has stopped typing for a moment. */
function useDebounced<T>(value: T, ms = 400): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

interface Outcome {
  order: CreatedOrder;
  followUp?: string;
}

export default function Intake() {
  const [form] = Form.useForm<IntakeForm>();
  const { lookups, unitName } = useLookups();
  const values = Form.useWatch([], form) as IntakeForm | undefined;
  const settled = useDebounced(values);
  const [hits, setHits] = useState<KbHit[]>([]);
  const [preview, setPreview] = useState<IntakePreview | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [referral, setReferral] = useState<string>('litigation');

  const question = settled?.description?.trim();
  useEffect(() => {
    if (!question) return setHits([]);
    ok(api.GET('/kb/search', { params: { query: { q: question, limit: 5 } } })).then(
      (r) => setHits(r.hits),
      () => setHits([]),
    );
  }, [question]);

  const previewKey = settled && JSON.stringify(bodyOf({ ...settled, description: undefined }));
  useEffect(() => {
    if (!settled?.channel || !settled.orderType) return;
    ok(api.POST('/intake/preview', { body: bodyOf({ ...settled, description: undefined }) })).then(setPreview, () =>
      setPreview(null),
    );
    // previewKey is what the preview depends on; the description is not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [previewKey]);

  /** Submits the order, then (optionally) one action on it; the form and its draft are cleared. */
  const submit = async (overrides: Partial<IntakeForm>, then?: (orderId: string) => Promise<string>) => {
    setError(null);
    let f: IntakeForm;
    try {
      f = { ...(await form.validateFields()), ...overrides };
    } catch {
      return;
    }
    setBusy(true);
    try {
      const body = bodyOf(f) as CreateBody;
      const order = await ok(
        api.POST('/orders', { body, params: { header: { 'Idempotency-Key': idempotencyKey() } } }),
      );
      const followUp = then ? await then(order.orderId) : undefined;
      drafts.clear(DRAFT);
      form.resetFields();
      setOutcome({ order, followUp });
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  const answerWith = (hit: KbHit) =>
    submit({ orderType: 'consultation', category: undefined }, async (orderId) => {
      await ok(api.POST('/orders/{orderId}/answer', { params: { path: { orderId } }, body: { articleId: hit.code } }));
      return `已按知识库《${hit.title}》直接答复并办结`;
    });
  const mergeInto = (primaryOrderId: string) =>
    submit({}, async (orderId) => {
      await ok(api.POST('/orders/{orderId}/merge', { params: { path: { orderId } }, body: { primaryOrderId } }));
      return `已作为重复来电并入工单 ${primaryOrderId}（并单）`;
    });
  const refer = () =>
    submit({ category: undefined }, async (orderId) => {
      await ok(api.POST('/orders/{orderId}/refer', { params: { path: { orderId } }, body: { channel: referral } }));
      const channel = lookups?.referralChannels.find((c) => c.code === referral);
      return `已转办（${channel?.name ?? referral}），标准答复：${channel?.reply ?? ''}`;
    });

  if (outcome) {
    const { order } = outcome;
    return (
      <Result
        status="success"
        title={`受理成功：工单编号 ${order.orderId}`}
        subTitle={
          <Space direction="vertical">
            <span>
              查询验证码（请告知来电人）：<strong data-testid="verification-code">{order.verificationCode}</strong>
            </span>
            <span>当前状态：{STATE[order.state]}</span>
            {outcome.followUp && <span data-testid="follow-up">{outcome.followUp}</span>}
          </Space>
        }
        extra={[
          <Link key="open" to={`/orders/${order.orderId}`}>
            查看工单
          </Link>,
          <Button key="next" type="primary" onClick={() => setOutcome(null)}>
            受理下一个来电
          </Button>,
        ]}
      />
    );
  }

  const isConsultation = values?.orderType === 'consultation';
  return (
    <Row gutter={24}>
      <Col xs={24} lg={14}>
        <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>受理台 · 新来电</h1>}>
          <ProblemAlert error={error} />
          <Form<IntakeForm>
            form={form}
            layout="vertical"
            initialValues={{ ...DEFAULTS, ...drafts.load<IntakeForm>(DRAFT) }}
            onValuesChange={(_, all) => drafts.save(DRAFT, all)}
          >
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="channel" label="来源渠道" rules={[{ required: true }]}>
                  <Select options={CHANNELS.map((c) => ({ value: c, label: CHANNEL[c] }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="orderType" label="诉求类型" rules={[{ required: true }]}>
                  <Select options={ORDER_TYPES.map((t) => ({ value: t, label: ORDER_TYPE[t] }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="urgency" label="紧急程度（默认按目录）">
                  <Select allowClear options={URGENCIES.map((u) => ({ value: u, label: URGENCY[u] }))} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              name="description"
              label="诉求内容"
              rules={[{ required: true, whitespace: true, message: '请填写诉求内容' }]}
            >
              <Input.TextArea rows={4} maxLength={4000} showCount />
            </Form.Item>
            {!isConsultation && (
              <Form.Item name="category" label="派单分类（可搜索）">
                <Select
                  showSearch
                  allowClear
                  optionFilterProp="label"
                  placeholder="输入关键字搜索目录"
                  options={lookups?.categories.map((c) => ({ value: c.code, label: c.name }))}
                />
              </Form.Item>
            )}
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="name" label="市民姓名">
                  <Input maxLength={64} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name="phone"
                  label="联系电话"
                  rules={[{ pattern: /^\+?[0-9][0-9 -]{4,19}$/, message: '请输入有效的电话号码' }]}
                >
                  <Input maxLength={20} inputMode="tel" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="address" label="地址">
                  <Input maxLength={256} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="lat" label="事发地纬度（可选）">
                  <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="lng" label="事发地经度（可选）">
                  <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Space wrap>
              <Button type="primary" loading={busy} onClick={() => void submit({})}>
                提交工单
              </Button>
              <Select
                aria-label="转办类别"
                value={referral}
                onChange={setReferral}
                style={{ width: 160 }}
                options={lookups?.referralChannels.map((c) => ({ value: c.code, label: c.name }))}
              />
              <Button loading={busy} onClick={() => void refer()}>
                非政府职能，转办并答复
              </Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>知识库建议</h2>} size="small">
            {hits.length ? (
              <List
                dataSource={hits}
                renderItem={(h) => (
                  <List.Item
                    actions={[
                      <Button key="answer" size="small" onClick={() => void answerWith(h)} loading={busy}>
                        直接答复
                      </Button>,
                    ]}
                  >
                    {h.title}
                  </List.Item>
                )}
              />
            ) : (
              <Empty description="输入诉求内容后显示相关知识" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
          <Card
            title={<h2 style={{ fontSize: 16, margin: 0 }}>派单预览</h2>}
            size="small"
            data-testid="dispatch-preview"
          >
            {preview?.leadUnit ? (
              <Descriptions column={1} size="small">
                <Descriptions.Item label="主办单位">{unitName(preview.leadUnit)}</Descriptions.Item>
                <Descriptions.Item label="协办单位">
                  {preview.assistingUnits.map(unitName).join('、') || '无'}
                </Descriptions.Item>
                <Descriptions.Item label="紧急程度">{URGENCY[preview.urgency]}</Descriptions.Item>
                {preview.limits.handling && (
                  <Descriptions.Item label="办理时限">
                    {preview.limits.handling.amount}
                    {LIMIT_UNIT[preview.limits.handling.unit]}
                  </Descriptions.Item>
                )}
                {preview.clocks.map((c) => (
                  <Descriptions.Item
                    key={`${c.kind}-${c.subject ?? ''}`}
                    label={`${CLOCK[c.kind]}${c.subject ? `（${unitName(c.subject)}）` : ''}`}
                  >
                    {formatTime(c.dueAt)}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            ) : (
              <Empty
                description={isConsultation ? '咨询类诉求在受理台答复，不派单' : '选择派单分类后显示承办单位和时限'}
                image={Empty.PRESENTED_IMAGE_SIMPLE}
              />
            )}
          </Card>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>疑似重复来电（并单）</h2>} size="small">
            {preview?.repeatCandidates.length ? (
              <List
                dataSource={preview.repeatCandidates}
                renderItem={(c) => (
                  <List.Item
                    actions={[
                      <Button key="merge" size="small" onClick={() => void mergeInto(c.orderId)} loading={busy}>
                        并入此单
                      </Button>,
                    ]}
                  >
                    <List.Item.Meta
                      title={<Link to={`/orders/${c.orderId}`}>{c.orderId}</Link>}
                      description={`相似度 ${Math.round(c.confidence * 100)}% · ${STATE[c.state]} · ${unitName(c.leadUnit)}`}
                    />
                  </List.Item>
                )}
              />
            ) : (
              <Empty description="暂无疑似重复工单" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Space>
      </Col>
    </Row>
  );
}
