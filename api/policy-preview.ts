/**
 * 政策预演: before a new policy version is published, the manager replays a past period under it — each
 * unit's rates, composite and rank now and under the candidate, and the orders whose clocks it would have
 * judged otherwise. A Temporal workflow runs it (workflows/policy-preview.ts); this starts one and reads
 * its progress and answer. Nothing stored changes.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { TASK_QUEUE } from '../workflows/messages';
import { previewProgressQuery, type policyPreviewWorkflow } from '../workflows/policy-preview';
import { policyOutOfRange } from '../domain/policy-bounds';
import { POLICY_FIELDS, policySchema } from './admin';
import type { FieldNames } from './http/field-names';
import { HttpProblem, notFound } from './http/problem';
import { route, type Route } from './http/route';
import { periodOf, periodQuery } from './period';
import { kpiFigures } from './schemas';

const ROLES = ['manager', 'admin'] as const;
const ID = /^policy-preview-[0-9a-f-]{36}$/;

/** The candidate's settings by their Chinese names, as the policy's own form names them. */
const FIELDS: FieldNames = {
  'body.from': '预演起始时间',
  'body.to': '预演截止时间',
  ...Object.fromEntries(
    Object.entries(POLICY_FIELDS).map(([path, name]) => [path.replace(/^body\./, 'body.policy.'), name]),
  ),
};

const clockJudgement = z.enum(['on_time', 'late', 'breached']);
const previewBody = z.object({
  previewId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  done: z.int().meta({ description: 'Orders replayed so far' }),
  total: z.int().nullable().meta({ description: 'Orders with an outcome in the period (null until counted)' }),
  result: z
    .object({
      orders: z.int(),
      policyVersion: z.int().meta({ description: 'The policy in force the candidate is compared with' }),
      units: z.array(
        z.object({
          unit: z.string(),
          now: kpiFigures,
          candidate: kpiFigures,
          rankNow: z.int().nullable(),
          rankCandidate: z.int().nullable(),
        }),
      ),
      changedOrders: z.int(),
      changes: z
        .array(
          z.object({
            orderId: z.string(),
            unit: z.string().nullable(),
            category: z.string().nullable(),
            clocks: z.array(
              z.object({ clock: z.enum(['response', 'handling']), now: clockJudgement, candidate: clockJudgement }),
            ),
          }),
        )
        .meta({
          description: 'The orders whose response or handling clock the candidate judges otherwise (first 500)',
        }),
    })
    .nullable(),
});

export function policyPreviewRoutes({ temporal }: { temporal: Client }): Route[] {
  return [
    route({
      method: 'post',
      path: '/policy-previews',
      tag: 'kpis',
      summary: 'Replay a past period under a candidate SLA policy (政策预演); never changes a stored figure',
      roles: ROLES,
      body: periodQuery.extend({ policy: policySchema }),
      fieldNames: FIELDS,
      responses: {
        202: { description: 'Started: read its progress at /policy-previews/{previewId}', body: previewBody },
        422: 'A setting out of range, or the period empty or longer than 400 days',
      },
      async handle({ body }) {
        const period = periodOf(body, 'body.to');
        // A candidate is one that could be published: the same bounds as publishing.
        const outOfRange = policyOutOfRange(body.policy);
        if (outOfRange.length) {
          throw new HttpProblem(422, 'rule_violated', 'Candidate policy settings out of range', {
            errors: outOfRange.map((p) => ({ field: `body.policy.${p.field}`, message: p.message })),
          });
        }
        const previewId = `policy-preview-${randomUUID()}`;
        await temporal.workflow.start<typeof policyPreviewWorkflow>('policyPreviewWorkflow', {
          workflowId: previewId,
          taskQueue: TASK_QUEUE,
          args: [
            {
              candidate: body.policy,
              period: { from: period.from.getTime(), to: period.to.getTime() },
              requestedAt: Date.now(),
            },
          ],
        });
        return { status: 202, body: { previewId, state: 'running' as const, done: 0, total: null, result: null } };
      },
    }),
    route({
      method: 'get',
      path: '/policy-previews/:previewId',
      tag: 'kpis',
      summary: "A policy preview's progress, and its answer once done",
      roles: ROLES,
      params: z.strictObject({ previewId: z.string().regex(ID, 'must be a preview id from this API') }),
      responses: { 200: { description: 'Progress, then the answer', body: previewBody }, 404: 'No such preview' },
      async handle({ params }) {
        const handle = temporal.workflow.getHandle<typeof policyPreviewWorkflow>(params.previewId);
        const { status } = await handle.describe().catch((err: unknown) => {
          throw err instanceof WorkflowNotFoundError ? notFound('preview') : err;
        });
        const base = { previewId: params.previewId, result: null };
        if (status.name === 'COMPLETED') {
          const result = await handle.result();
          return {
            status: 200,
            body: { ...base, state: 'done' as const, done: result.orders, total: result.orders, result },
          };
        }
        if (status.name !== 'RUNNING')
          return { status: 200, body: { ...base, state: 'failed' as const, done: 0, total: null } };
        const progress = await handle.query(previewProgressQuery);
        return { status: 200, body: { ...base, state: 'running' as const, ...progress } };
      },
    }),
  ];
}
