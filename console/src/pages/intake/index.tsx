/**
 * 受理台 (intake desk): one call after another. Each call gets a desk of its own (a fresh form, draft and
 * Idempotency-Key); after submit, what to tell the caller; 受理下一个来电 starts the next call empty.
 */
import { useState } from 'react';
import { drafts } from '../../session';
import { DRAFT, IntakeDesk } from './components/IntakeDesk';
import { Submitted } from './components/Submitted';
import type { Outcome } from './hooks/useIntakeSubmit';

export default function Intake() {
  const [call, setCall] = useState(0);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  if (outcome) {
    return (
      <Submitted
        outcome={outcome}
        onNext={() => {
          drafts.clear(DRAFT);
          setOutcome(null);
          setCall((n) => n + 1);
        }}
      />
    );
  }
  return <IntakeDesk key={call} onDone={setOutcome} />;
}
