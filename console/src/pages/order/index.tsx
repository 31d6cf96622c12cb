/**
 * One order: the request, the citizen contact as the API shows it to the role, the clocks with live
 * countdowns, notes, ratings, the audit timeline, and the actions the user may take now. The page
 * re-reads itself when a live change concerns this order.
 */
import { Alert, Card, Col, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { availableActions, photoUploadLabel } from '../../actions';
import { api, ok } from '../../api/client';
import type { OrderView } from '../../api/types';
import { PhotoUpload } from '../../components/PhotoUpload';
import { ProblemAlert } from '../../components/Problem';
import { useLoad, useLookups } from '../../hooks';
import {
  CHANNEL,
  CLOSURE,
  ESCALATION_LEVEL,
  formatTime,
  ORDER_TYPE,
  RESOLUTION_LABEL,
  SATISFACTION_LABEL,
  STATE,
  URGENCY,
} from '../../labels';
import { useLive } from '../../live';
import { useSession } from '../../session';
import { ActionButton } from './components/ActionButton';
import { AuditTimeline } from './components/AuditTimeline';
import { Clocks } from './components/Clocks';
import { Notifications } from './components/Notifications';
import { Photos } from './components/Photos';
import { QualityFindings } from './components/QualityFindings';

export default function OrderPage() {
  const { orderId = '' } = useParams();
  const session = useSession()!;
  const { unitName, categoryName } = useLookups();
  const order = useLoad(['order', orderId], () => ok(api.GET('/orders/{orderId}', { params: { path: { orderId } } })));
  const [notice, setNotice] = useState<string | null>(null);
  // Counts the committed changes heard: the audit trail is re-read after each (it is written after the action answers).
  const [changes, setChanges] = useState(0);
  useLive((e) => {
    if (e.type === 'order' && e.orderId !== orderId) return;
    setChanges((n) => n + 1);
    order.reload();
  });

  if (!order.data) {
    return order.error ? <ProblemAlert error={order.error} /> : <Card loading />;
  }
  const view = order.data;
  const onDone = (next: OrderView) => {
    setNotice(
      next.state === 'reopened'
        ? '市民不满意且问题未解决：工单已退回承办单位重办。'
        : `操作成功，工单现为「${STATE[next.state]}」。`,
    );
    order.reload();
  };
  const actions = availableActions(view, session);
  const uploadLabel = photoUploadLabel(view, session);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <h1 style={{ fontSize: 20, margin: 0 }}>工单 {view.orderId}</h1>
        <Tag color="#0050b3" data-testid="order-state">
          {STATE[view.state]}
        </Tag>
        {view.closureCode && <Tag color="#434343">{CLOSURE[view.closureCode]}</Tag>}
        {view.escalationLevel > 0 && <Tag color="#a8071a">{ESCALATION_LEVEL[view.escalationLevel]}</Tag>}
      </Space>
      {notice && (
        <Alert
          type="success"
          showIcon
          title={notice}
          closable={{ 'aria-label': '关闭提示' }}
          onClose={() => setNotice(null)}
          data-testid="notice"
        />
      )}
      <QualityFindings quality={view.quality} />
      {view.requesterFlag?.flagged && (
        <Alert
          type="warning"
          showIcon
          title={`公平性提示：该来电人近期来电 ${view.requesterFlag.contacts} 次、不满意评价 ${view.requesterFlag.dissatisfied} 次（仅协调人员可见）`}
        />
      )}
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>可执行操作</h2>} size="small">
        {actions.length ? (
          <Space wrap>
            {actions.map((a) => (
              <ActionButton key={a.name} spec={a} view={view} onDone={onDone} />
            ))}
          </Space>
        ) : (
          <Typography.Text>当前无可执行的操作</Typography.Text>
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>诉求</h2>} size="small">
              <Descriptions column={2} size="small">
                <Descriptions.Item label="诉求类型">{ORDER_TYPE[view.orderType]}</Descriptions.Item>
                <Descriptions.Item label="分类">{view.categoryName ?? categoryName(view.category)}</Descriptions.Item>
                <Descriptions.Item label="来源">{CHANNEL[view.channel]}</Descriptions.Item>
                <Descriptions.Item label="紧急程度">{URGENCY[view.urgency]}</Descriptions.Item>
                <Descriptions.Item label="受理时间">{formatTime(view.receivedAt)}</Descriptions.Item>
                <Descriptions.Item label="主办单位">{unitName(view.leadUnit)}</Descriptions.Item>
                <Descriptions.Item label="协办单位" span={2}>
                  {view.assistingUnits.length
                    ? view.assistingUnits
                        .map(
                          (a) =>
                            `${unitName(a.unit)}${a.contributedAt ? '（已提交意见）' : a.acknowledgedAt ? '（已签收）' : ''}`,
                        )
                        .join('、')
                    : '无'}
                </Descriptions.Item>
                <Descriptions.Item label="诉求内容" span={2}>
                  {view.description}
                </Descriptions.Item>
                <Descriptions.Item label="市民" span={2}>
                  {[view.citizen.name, view.citizen.phone, view.citizen.email, view.citizen.address]
                    .filter(Boolean)
                    .join(' · ') || '—'}
                </Descriptions.Item>
                {view.pendingExtension && (
                  <Descriptions.Item label="延期申请" span={2}>
                    申请延期至 {formatTime(view.pendingExtension.newDueAt)}，理由：{view.pendingExtension.reason}
                  </Descriptions.Item>
                )}
                {view.reply && (
                  <Descriptions.Item label="答复市民" span={2}>
                    {view.reply}
                  </Descriptions.Item>
                )}
                {view.closure?.reason && (
                  <Descriptions.Item label="结案说明" span={2}>
                    {view.closure.reason}
                  </Descriptions.Item>
                )}
              </Descriptions>
            </Card>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>时限</h2>} size="small">
              <Clocks clocks={view.clocks} />
            </Card>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>办理记录与回访</h2>} size="small">
              {view.notes.length || view.visits.length ? (
                <ul>
                  {view.notes.map((n) => (
                    <li key={`n${n.at}`}>
                      {formatTime(n.at)} {unitName(n.unit)} {n.kind === 'contribution' ? '协办意见' : '进展'}：{n.text}
                    </li>
                  ))}
                  {view.visits.map((v) => (
                    <li key={`v${v.at}`}>
                      {formatTime(v.at)} 回访：{SATISFACTION_LABEL[v.satisfaction]}，{RESOLUTION_LABEL[v.resolution]}
                      {v.comment ? `（${v.comment}）` : ''}
                    </li>
                  ))}
                </ul>
              ) : (
                <Empty description="暂无记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>照片</h2>} size="small">
              <Space direction="vertical" style={{ width: '100%' }} data-testid="photo-panel">
                <Photos orderId={view.orderId} version={changes} />
                {uploadLabel && (
                  <PhotoUpload orderId={view.orderId} label={uploadLabel} onUploaded={() => setChanges((n) => n + 1)} />
                )}
              </Space>
            </Card>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>处理时间线</h2>} size="small">
              <AuditTimeline orderId={view.orderId} version={changes} />
            </Card>
          </Space>
        </Col>
      </Row>
      {/* The page's full width: in the right-hand column its five columns wrapped every unit's name. */}
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>通知记录</h2>} size="small">
        <Notifications orderId={view.orderId} version={changes} />
      </Card>
    </Space>
  );
}
