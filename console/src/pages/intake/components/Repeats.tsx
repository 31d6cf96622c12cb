/** 疑似重复来电: open orders this call may repeat (same caller, or the same matter at the same place). */
import { Button, Card, Empty, List } from 'antd';
import { Link } from 'react-router';
import type { IntakePreview } from '../../../api/types';
import { useLookups } from '../../../hooks';
import { STATE } from '../../../labels';

type Candidate = IntakePreview['repeatCandidates'][number];

/** Why the candidate was offered, in words (the API's reasons are codes for machines). */
function why(c: Candidate): string {
  const parts = [];
  if (c.reasons.includes('same requester')) parts.push('同一来电人');
  if (c.reasons.includes('same category')) parts.push('同一分类');
  if (c.reasons.includes('same address')) parts.push('同一事发地址');
  else if (c.reasons.includes('near address')) parts.push('事发地址相近');
  else if (c.distanceMeters !== null) parts.push(`相距约 ${Math.round(c.distanceMeters)} 米`);
  return parts.join('、');
}

export function Repeats(props: { candidates: Candidate[]; busy: boolean; onMerge: (orderId: string) => void }) {
  const { unitName } = useLookups();
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>疑似重复来电（并单）</h2>} size="small" data-testid="repeats">
      {props.candidates.length ? (
        <List
          dataSource={props.candidates}
          renderItem={(c) => (
            <List.Item
              actions={[
                <Button key="merge" size="small" onClick={() => props.onMerge(c.orderId)} loading={props.busy}>
                  并入此单
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={<Link to={`/orders/${c.orderId}`}>{c.orderId}</Link>}
                description={`相似度 ${Math.round(c.confidence * 100)}%（${why(c)}） · ${STATE[c.state]} · ${unitName(c.leadUnit)}`}
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty description="暂无疑似重复工单" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  );
}
