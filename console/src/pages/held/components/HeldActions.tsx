/**
 * One click from a held order to its owner: 派单 as the catalogue proposes, to a unit chosen here, or
 * 并单 into the open order it most likely repeats. The API's refusal shows beside the buttons.
 */
import { Button, Select, Space } from 'antd';
import { useState } from 'react';
import { api, idempotencyKey, ok } from '../../../api/client';
import type { HeldItem } from '../../../api/types';
import { ProblemAlert } from '../../../components/Problem';
import { useLookups } from '../../../hooks';

export function HeldActions({ o, onDone }: { o: HeldItem; onDone: () => void }) {
  const { lookups, unitName } = useLookups();
  const [unit, setUnit] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const proposed = lookups?.categories.find((c) => c.code === o.category)?.leadUnit;
  const path = { orderId: o.orderId };
  const header = () => ({ 'Idempotency-Key': idempotencyKey() });
  const run = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      onDone();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const dispatch = (leadUnit?: string) =>
    run(() =>
      ok(
        api.POST('/orders/{orderId}/dispatch', {
          params: { path, header: header() },
          body: leadUnit ? { leadUnit } : {},
        }),
      ),
    );
  const merge = (primaryOrderId: string) =>
    run(() =>
      ok(api.POST('/orders/{orderId}/merge', { params: { path, header: header() }, body: { primaryOrderId } })),
    );
  return (
    <Space direction="vertical" size={4}>
      <Space wrap>
        {proposed && (
          <Button type="primary" loading={busy} onClick={() => void dispatch()}>
            派单至{unitName(proposed)}
          </Button>
        )}
        {o.repeatOf && (
          <Button loading={busy} onClick={() => void merge(o.repeatOf!.orderId)}>
            并入 {o.repeatOf.orderId}
          </Button>
        )}
      </Space>
      <Space.Compact>
        <Select
          aria-label={`${o.orderId} 派至单位`}
          placeholder="选择主办单位"
          showSearch
          optionFilterProp="label"
          style={{ width: 220 }}
          value={unit}
          onChange={setUnit}
          options={lookups?.units.map((u) => ({ value: u.code, label: u.name }))}
        />
        <Button disabled={!unit} loading={busy} onClick={() => void dispatch(unit)}>
          派单
        </Button>
      </Space.Compact>
      <ProblemAlert error={error} />
    </Space>
  );
}
