/**
 * 政策预演: before a policy version is published, what it would have done to a past period — the same
 * orders' trails replayed under the candidate's limits and weights on the same working-day calendar, each
 * unit's rates, composite and rank now and under the candidate, and the orders whose clocks change. A
 * month of a large city takes a while: a progress bar shows how far it is.
 */
import { Progress, Space, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { ProblemAlert } from '../../components/Problem';
import { CandidateForm } from './components/CandidateForm';
import { PreviewResult } from './components/PreviewResult';
import { usePolicyInForce, usePreview, type Start } from './hooks/usePreview';

/** A calendar day's start in China (+08:00, no summer time). */
const chinaMidnight = (d: Dayjs) => `${d.format('YYYY-MM-DD')}T00:00:00+08:00`;

export default function PolicyPreview() {
  const inForce = usePolicyInForce();
  const { start, preview, error } = usePreview();
  const running = start.isPending || preview?.state === 'running';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>政策预演</h1>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        发布新的时限或权重之前，先看它对已办理工单的影响：同样的办理过程，按候选政策重新计时和计分。
      </Typography.Paragraph>
      <ProblemAlert error={inForce.error ?? error} />
      {inForce.data ? (
        <CandidateForm
          inForce={inForce.data}
          busy={running}
          onPreview={(policy, [from, to]) =>
            start.mutate({
              // The policy as read back is the one published: the same settings the candidate form changes.
              policy: policy as Start['policy'],
              from: chinaMidnight(from),
              to: chinaMidnight(to.add(1, 'day')),
            })
          }
        />
      ) : (
        <Spin aria-label="加载中" />
      )}
      {preview?.state === 'running' && (
        <Progress
          aria-label="预演进度"
          data-testid="preview-progress"
          percent={preview.total ? Math.floor((100 * preview.done) / preview.total) : 0}
          format={(p) => `已重算 ${preview.done} / ${preview.total ?? '…'} 件（${p}%）`}
        />
      )}
      {preview?.state === 'failed' && <Typography.Text type="danger">预演未能完成，请稍后重试。</Typography.Text>}
      {preview?.result && <PreviewResult result={preview.result} />}
    </Space>
  );
}
