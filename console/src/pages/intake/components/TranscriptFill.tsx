/**
 * 智能填单: paste the call's transcript (speech recognition, or the operator's running notes) and the
 * form is filled with what was heard — the request without the small talk, the name as given, the phone,
 * the address of the matter, the suggested category — each for the operator to check; the order records
 * which fields were proposed and which the operator changed. Ctrl+Enter in the box reads it; the cursor
 * then goes to the request, where the operator checks the form from the top and submits as usual.
 */
import { Alert, Button, Card, Input, Space } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../../api/client';
import type { TranscriptProposal } from '../../../api/types';
import { ProblemAlert } from '../../../components/Problem';

const FIELD: Record<string, string> = {
  description: '诉求内容',
  name: '市民姓名',
  phone: '联系电话',
  incidentAddress: '事发地址',
  category: '派单分类',
  urgency: '紧急程度',
};

export function TranscriptFill({ onFill }: { onFill: (t: TranscriptProposal) => string[] }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [filled, setFilled] = useState<string[]>([]);
  const read = async () => {
    setBusy(true);
    setError(null);
    try {
      const proposal = await ok(api.POST('/intake/transcript', { body: { transcript: text } }));
      setFilled(onFill(proposal));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>通话转写 · 智能填单</h2>}
      data-testid="transcript"
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.TextArea
          aria-label="通话转写"
          rows={3}
          maxLength={12000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || !text.trim()) return;
            e.preventDefault();
            void read();
          }}
          placeholder="粘贴语音识别的通话文本或速记，按 Ctrl+Enter 或点“识别并填单”"
        />
        <Button onClick={() => void read()} loading={busy} disabled={!text.trim()}>
          识别并填单
        </Button>
        <ProblemAlert error={error} />
        {filled.length > 0 && (
          <Alert
            type="success"
            showIcon
            data-testid="transcript-filled"
            message={`已按转写填入：${filled.map((f) => FIELD[f] ?? f).join('、')}。请逐项与来电人核对，如有出入直接修改。`}
          />
        )}
      </Space>
    </Card>
  );
}
