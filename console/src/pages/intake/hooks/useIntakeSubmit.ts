/**
 * Submitting one call: create the order, then (for a direct answer, a merge or a referral) act on it. The
 * Idempotency-Key is the call's, made once, and the order number is kept once created: a retry after a
 * failed follow-up acts on the same order and a retried create reaches the same order, never a second one.
 */
import { useRef, useState } from 'react';
import { api, idempotencyKey, ok } from '../../../api/client';
import type { CreatedOrder } from '../../../api/types';
import type { CreateBody } from '../form';

export interface Outcome {
  order: CreatedOrder;
  /** What the follow-up did, in words for the operator. */
  followUp?: string;
}

export type FollowUp = (orderId: string) => Promise<string>;

export function useIntakeSubmit(onDone: (outcome: Outcome) => void) {
  const key = useRef(idempotencyKey());
  const created = useRef<CreatedOrder | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const submit = async (body: CreateBody, then?: FollowUp) => {
    setBusy(true);
    setError(null);
    try {
      created.current ??= await ok(
        api.POST('/orders', { body, params: { header: { 'Idempotency-Key': key.current } } }),
      );
      const order = created.current;
      const followUp = then ? await then(order.orderId) : undefined;
      onDone({ order, followUp });
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy, error };
}
