/**
 * 质检 of the unit's reply, as 办结 answered: each finding in the unit's words, and whether the reply
 * waits for a reviewer before the return visit (质检复核).
 */
import { Alert } from 'antd';
import type { OrderView } from '../../../api/types';
import { QUALITY_REVIEW } from '../../../labels';

export function QualityFindings({ quality }: { quality: OrderView['quality'] }) {
  if (!quality || (!quality.findings.length && quality.review === null)) return null;
  const pending = quality.review === 'pending';
  return (
    <Alert
      type={pending || quality.review === 'returned' ? 'error' : 'warning'}
      showIcon
      data-testid="quality-findings"
      title={`答复质检：${quality.findings.length ? `发现 ${quality.findings.length} 个问题` : '未发现问题'}${
        quality.review ? `（${QUALITY_REVIEW[quality.review]}）` : '（办结有效，请今后注意）'
      }`}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {quality.findings.map((f) => (
            <li key={f.code}>{f.message}</li>
          ))}
        </ul>
      }
    />
  );
}
