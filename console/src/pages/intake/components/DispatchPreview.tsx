/** 派单预览: the lead and assisting units, urgency and each deadline intake would give the order now. */
import { Card, Descriptions, Empty } from 'antd';
import type { IntakePreview } from '../../../api/types';
import { useLookups } from '../../../hooks';
import { CLOCK, formatTime, LIMIT_UNIT, URGENCY } from '../../../labels';

export function DispatchPreview({
  preview,
  consultation,
}: {
  preview: IntakePreview | undefined;
  consultation: boolean;
}) {
  const { unitName } = useLookups();
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>派单预览</h2>} size="small" data-testid="dispatch-preview">
      {preview?.leadUnit && !consultation ? (
        <Descriptions column={1} size="small">
          <Descriptions.Item label="主办单位">{unitName(preview.leadUnit)}</Descriptions.Item>
          <Descriptions.Item label="协办单位">
            {preview.assistingUnits.map(unitName).join('、') || '无'}
          </Descriptions.Item>
          <Descriptions.Item label="紧急程度">{URGENCY[preview.urgency]}</Descriptions.Item>
          {preview.limits.handling && (
            <Descriptions.Item label="办理时限标准">
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
          description={consultation ? '咨询类诉求在受理台答复，不派单' : '选择派单分类后显示承办单位和时限'}
          image={Empty.PRESENTED_IMAGE_SIMPLE}
        />
      )}
    </Card>
  );
}
