/**
 * 智能派单建议: the likely categories for what the caller said, each with its units, limit and the words
 * that drove it (so the operator sees why), an emergency heard in the call, or — when nothing is a
 * confident match — a plain abstention with the knowledge base or a referral proposed. 采用 fills the
 * category (Alt+A takes the first); the suggestion never dispatches anything by itself.
 */
import { Alert, Button, Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import type { DispatchSuggestion as Suggestion, SuggestedCategory } from '../../../api/types';
import { useLookups } from '../../../hooks';
import { LIMIT_UNIT, URGENCY } from '../../../labels';

const percent = (score: number) => `${Math.round(score * 100)}%`;
/** Runners-up this unlikely are noise beside the first: not shown. */
const SHOWN_FROM = 0.05;

export function DispatchSuggestion(props: {
  suggestion: Suggestion | undefined;
  loading: boolean;
  asked: boolean;
  onAdopt: (c: SuggestedCategory) => void;
}) {
  const { suggestion: s, onAdopt } = props;
  const { unitName, lookups } = useLookups();
  const first = s && !s.abstain ? s.candidates[0] : undefined;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.key.toLowerCase() !== 'a' || !first) return;
      e.preventDefault();
      onAdopt(first);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [first, onAdopt]);

  const channelName = (code?: string) => lookups?.referralChannels.find((c) => c.code === code)?.name ?? '相关渠道';
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>智能派单建议</h2>}
      size="small"
      data-testid="dispatch-suggestion"
      extra={props.loading ? <Spin size="small" aria-label="正在分析" /> : null}
    >
      {!s || !props.asked ? (
        <Empty description="记录诉求内容后显示建议的派单分类" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {s.emergency.map((e) => (
            <Alert
              key={e.reason}
              type="error"
              showIcon
              message={`紧急情况：${e.reason}（来电提到“${e.matched}”），建议紧急程度为“${URGENCY.emergency}”`}
            />
          ))}
          {s.abstain && (
            <Alert
              type="info"
              showIcon
              data-testid="suggestion-abstained"
              message="没有把握的分类，请自行判断（下列分类仅供参考）"
              description={
                s.proposal?.kind === 'knowledge_base'
                  ? '像是咨询：可查看知识库建议直接答复。'
                  : s.proposal?.kind === 'referral'
                    ? `像是非政府职能事项：可转办至“${channelName(s.proposal.channel)}”并答复。`
                    : undefined
              }
            />
          )}
          <List
            size="small"
            dataSource={s.candidates.filter((c, i) => i === 0 || c.score >= SHOWN_FROM)}
            renderItem={(c, i) => (
              <List.Item
                actions={[
                  <Button
                    key="adopt"
                    size="small"
                    type={i === 0 && !s.abstain ? 'primary' : 'default'}
                    onClick={() => onAdopt(c)}
                  >
                    {i === 0 && !s.abstain ? '采用（Alt+A）' : '采用'}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <span>{c.categoryName}</span>
                      <Tag>把握 {percent(c.score)}</Tag>
                    </Space>
                  }
                  description={
                    <Typography.Text type="secondary">
                      主办：{unitName(c.leadUnit)}
                      {c.assistingUnits.length ? `；协办：${c.assistingUnits.map(unitName).join('、')}` : ''}；时限
                      {c.handlingLimit.amount}
                      {LIMIT_UNIT[c.handlingLimit.unit]}
                      {c.drivers.length ? `；依据：${c.drivers.join('、')}` : ''}
                    </Typography.Text>
                  }
                />
              </List.Item>
            )}
          />
        </Space>
      )}
    </Card>
  );
}
