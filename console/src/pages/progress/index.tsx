/**
 * 进度查询: the citizen's own page, phone-sized and public. Order number + verification code → the
 * steps with dates and the next expected date; nothing personal, no staff names. Wrong codes are
 * limited by the API (429), and a wrong code reads exactly like an unknown order.
 */
import { Alert, Button, Card, Form, Input, Steps, Typography } from 'antd';
import { useState } from 'react';
import { ApiProblem, api, ok } from '../../api/client';
import type { PublicProgress } from '../../api/types';
import { formatTime } from '../../labels';

/** The step a public state is at; a closed order has finished every step. */
const STEP: Record<string, number> = { received: 0, in_progress: 1, completed: 2, closed: 4 };

function message(err: unknown): string {
  if (err instanceof ApiProblem && err.problem.status === 404) return '工单编号或验证码不正确，请核对后重试。';
  // The API says when to try again and that 12345 can help meanwhile (a stranger's guesses lock out only the stranger).
  if (err instanceof ApiProblem && err.problem.status === 429)
    return err.problem.detail ?? '查询过于频繁，请稍后再试。';
  if (err instanceof ApiProblem && err.problem.status === 400) return '请输入正确的工单编号和 6 位验证码。';
  return '暂时无法查询，请稍后再试。';
}

export default function Progress() {
  const [progress, setProgress] = useState<PublicProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lookUp = async ({ orderId, code }: { orderId: string; code: string }) => {
    setError(null);
    try {
      setProgress(
        await ok(
          api.GET('/public/orders/{orderId}', {
            params: { path: { orderId: orderId.trim().toUpperCase() }, query: { code: code.trim() } },
          }),
        ),
      );
    } catch (err) {
      setProgress(null);
      setError(message(err));
    }
  };
  return (
    <main style={{ maxWidth: 420, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        12345 诉求办理进度查询
      </Typography.Title>
      <Card size="small">
        <Form layout="vertical" onFinish={(v: { orderId: string; code: string }) => void lookUp(v)}>
          <Form.Item name="orderId" label="工单编号" rules={[{ required: true, message: '请输入工单编号' }]}>
            <Input autoCapitalize="characters" placeholder="WO 开头的编号" />
          </Form.Item>
          <Form.Item name="code" label="验证码" rules={[{ required: true, message: '请输入验证码' }]}>
            <Input inputMode="numeric" maxLength={6} placeholder="受理时告知的 6 位数字" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            查询
          </Button>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginTop: 16 }} />}
      {progress && (
        <Card
          size="small"
          style={{ marginTop: 16 }}
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{progress.label}</h2>}
        >
          <Steps
            direction="vertical"
            size="small"
            current={STEP[progress.state] ?? 0}
            items={[
              { title: '已受理', description: formatTime(progress.receivedAt) },
              { title: '办理中', description: progress.handlingUnit ?? '' },
              { title: '已办结', description: progress.replies.length ? formatTime(progress.replies[0]!.at) : '' },
              { title: '已结案', description: progress.closedAt ? formatTime(progress.closedAt) : '' },
            ]}
          />
          {progress.nextStepDueAt && !progress.closedAt && (
            <p>预计下一步办理时间：{formatTime(progress.nextStepDueAt)}</p>
          )}
          {progress.replies.map((r) => (
            <p key={r.at} data-testid="public-reply">
              办理答复（{formatTime(r.at)}）：{r.text}
            </p>
          ))}
        </Card>
      )}
    </main>
  );
}
