/**
 * One order action: a button that opens its form. Required fields (every override's reason) must be
 * filled before anything is sent; the API's refusal is shown in the form.
 */
import { Button, Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import type { Dayjs } from 'dayjs';
import type { ActionSpec, FieldSpec } from '../../../actions';
import { ApiProblem, api, idempotencyKey, ok } from '../../../api/client';
import type { OrderView } from '../../../api/types';
import { ProblemAlert } from '../../../components/Problem';
import { useLookups } from '../../../hooks';
import { ACTION, CLOCK } from '../../../labels';
import { DeadlinePicker } from './DeadlinePicker';

/** The input of one field; `control` is what Form.Item passes its child (id, value, onChange). */
function FieldInput({ field, view, ...control }: { field: FieldSpec; view: OrderView }) {
  const { lookups, unitName } = useLookups();
  switch (field.kind) {
    case 'text':
      return <Input maxLength={2000} {...control} />;
    case 'reason':
      return <Input.TextArea rows={3} maxLength={2000} {...control} />;
    case 'unit':
      return (
        <Select
          {...control}
          showSearch
          optionFilterProp="label"
          options={lookups?.units.map((u) => ({ value: u.code, label: u.name }))}
        />
      );
    case 'assistingUnit':
      return (
        <Select {...control} options={view.assistingUnits.map((a) => ({ value: a.unit, label: unitName(a.unit) }))} />
      );
    case 'clock':
      return (
        <Select
          {...control}
          options={view.clocks
            .filter((c) => c.stoppedAt === null && c.kind !== 'assist')
            .map((c) => ({ value: c.kind, label: CLOCK[c.kind] }))}
        />
      );
    case 'instant':
      return <DeadlinePicker window={undefined} {...control} />;
    case 'extensionDate':
      return <DeadlinePicker window={view.deadlineWindow} {...control} />;
    case 'level':
    case 'choice':
      return (
        <Radio.Group
          {...control}
          options={field.options!.map(([value, label]) => ({ value: value as string, label }))}
          optionType="button"
        />
      );
  }
}

/** Form values → the action's body: dates as ISO instants, empty optional fields left out. */
function bodyOf(spec: ActionSpec, values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const v = values[f.name];
    if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) continue;
    if (f.kind === 'instant' || f.kind === 'extensionDate') body[f.name] = (v as Dayjs).toISOString();
    else if (f.kind === 'choice' && (v === 'true' || v === 'false')) body[f.name] = v === 'true';
    else body[f.name] = typeof v === 'string' ? v.trim() : v;
  }
  return body;
}

export function ActionButton({
  spec,
  view,
  onDone,
}: {
  spec: ActionSpec;
  view: OrderView;
  onDone: (view: OrderView) => void;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [form] = Form.useForm<Record<string, unknown>>();
  const label = ACTION[spec.name];

  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      // spec.path is checked against the document's paths; the body follows the spec's fields.
      const path = `/orders/{orderId}/${spec.path}` as '/orders/{orderId}/acknowledge';
      const next = await ok(
        api.POST(path, {
          params: { path: { orderId: view.orderId }, header: { 'Idempotency-Key': idempotencyKey() } },
          body: bodyOf(spec, values) as { note?: string },
        }),
      );
      setOpen(false);
      form.resetFields();
      onDone(next);
    } catch (err) {
      setError(err as Error);
      // A rule the API names a field for is marked at that field (body.leadUnit → 改派至).
      const fields = new Set(spec.fields.map((f) => f.name));
      const marked = err instanceof ApiProblem ? (err.problem.errors ?? []) : [];
      form.setFields(
        marked
          .map((e) => ({ name: e.field.replace(/^body\./, ''), errors: [e.message] }))
          .filter((e) => fields.has(e.name)),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button danger={spec.danger} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        title={label}
        open={open}
        okText="提交"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => {
          // A form opened again starts clean: no value, check or refusal of the abandoned attempt.
          form.resetFields();
          setError(null);
          setOpen(false);
        }}
        destroyOnHidden
      >
        <ProblemAlert error={error} />
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} name={`action-${spec.name}`}>
          {spec.fields.map((f) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={f.label}
              rules={
                // `whitespace` only where text is typed: any second key makes the check a string check,
                // which a date or a level never passes.
                f.required
                  ? [{ required: true, ...(f.kind === 'reason' && { whitespace: true }), message: `请填写${f.label}` }]
                  : []
              }
            >
              <FieldInput field={f} view={view} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </>
  );
}
