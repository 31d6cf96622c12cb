/**
 * After submit: the order number and the verification code, large and with a copy button, and the line the
 * operator reads to the caller — who handles it and by when. A likely repeat held back from dispatch says
 * so plainly (待派单, why) and leads to the queue where it is merged or dispatched.
 */
import { Alert, Button, Result, Space, Typography } from 'antd';
import { Link } from 'react-router';
import type { CreatedOrder } from '../../../api/types';
import { PhotoUpload } from '../../../components/PhotoUpload';
import { useLookups } from '../../../hooks';
import { formatTime, STATE } from '../../../labels';
import type { Outcome } from '../hooks/useIntakeSubmit';

/** What the operator reads out: the number and code, then who handles it and by when. */
function readOut(order: CreatedOrder, unitName: (code: string | null) => string): string {
  const ids = `您的工单编号是 ${order.orderId}，查询验证码 ${order.verificationCode}。`;
  if (order.state === 'closed') return ids;
  if (order.dispatchHeld) return `${ids}您反映的问题与已受理的诉求相同，我们正在合并办理，承办单位确定后按时限办理。`;
  const handling = order.clocks.find((c) => c.kind === 'handling');
  if (!order.leadUnit) return `${ids}我们将尽快确定承办单位。`;
  return `${ids}本件由${unitName(order.leadUnit)}承办${handling?.dueAt ? `，办理时限至 ${formatTime(handling.dueAt)}` : ''}。`;
}

export function Submitted({ outcome, onNext }: { outcome: Outcome; onNext: () => void }) {
  const { unitName } = useLookups();
  const { order, followUp } = outcome;
  const held = order.dispatchHeld && order.state === 'received';
  const likely = order.repeatCandidates?.[0];
  return (
    <Result
      status={held ? 'warning' : 'success'}
      title={`受理成功：工单编号 ${order.orderId}`}
      subTitle={
        <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 720 }}>
          <span>
            查询验证码（请告知来电人）：
            <Typography.Text
              strong
              data-testid="verification-code"
              style={{ fontSize: 32, letterSpacing: 6, color: 'rgba(0,0,0,0.88)' }}
              copyable={{ text: order.verificationCode, tooltips: ['复制验证码', '已复制'] }}
            >
              {order.verificationCode}
            </Typography.Text>
          </span>
          <Typography.Paragraph data-testid="read-out" style={{ fontSize: 16, color: 'rgba(0,0,0,0.88)', margin: 0 }}>
            请告知来电人：{readOut(order, unitName)}
          </Typography.Paragraph>
          {held ? (
            <Alert
              type="warning"
              showIcon
              data-testid="held"
              title="待派单：疑似重复来电，系统未派单"
              description={
                <>
                  {likely
                    ? `与在办工单 ${likely.orderId} 相似度 ${Math.round(likely.confidence * 100)}%，`
                    : '与在办工单相似，'}
                  拟派 {unitName(order.dispatchHeld!.leadUnit)}。签收时限已在计时，请尽快在
                  <Link to="/held">待派单工单</Link>中并单或派单。
                </>
              }
            />
          ) : (
            <span>当前状态：{STATE[order.state]}</span>
          )}
          {followUp && <span data-testid="follow-up">{followUp}</span>}
          {/* After the order is made: a photo the caller sends never holds up the intake. */}
          {order.state !== 'closed' && <PhotoUpload orderId={order.orderId} label="添加市民照片" />}
        </Space>
      }
      extra={[
        <Button key="next" type="primary" autoFocus onClick={onNext}>
          受理下一个来电
        </Button>,
        <Link key="open" to={`/orders/${order.orderId}`}>
          查看工单
        </Link>,
      ]}
    />
  );
}
