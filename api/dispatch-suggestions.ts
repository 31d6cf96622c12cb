/**
 * 智能派单 at the intake desk: what the caller said → the likely categories with their units, urgency and
 * handling limit, the words behind each, emergency signals, or an abstention proposing the knowledge base
 * or a referral (domain/dispatch-suggest.ts). A suggestion only: nothing is dispatched here, the operator
 * picks the category on the order as before.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { dispatchModelSource } from '../db/dispatch-models';
import type { ReferenceCache } from '../db/reference-cache';
import { suggestDispatch } from '../domain/dispatch-suggest';
import { LIMIT_UNITS, URGENCIES } from '../domain/types';
import { createOrderBody } from './intake';
import { route, type Route } from './route';

const candidate = z.object({
  category: z.string(),
  categoryName: z.string(),
  score: z.number().min(0).max(1),
  leadUnit: z.string().nullable(),
  assistingUnits: z.array(z.string()),
  defaultUrgency: z.enum(URGENCIES),
  urgency: z.enum(URGENCIES).meta({ description: '`emergency` when an emergency signal was heard' }),
  handlingLimit: z.object({ unit: z.enum(LIMIT_UNITS), amount: z.number() }),
  drivers: z.array(z.string()).meta({ description: 'The words of the request that drove this category' }),
});

export const dispatchSuggestionBody = z.object({
  modelVersion: z.string(),
  abstain: z.boolean().meta({ description: 'No confident category: the candidates are for reference only' }),
  candidates: z.array(candidate),
  proposal: z
    .object({
      kind: z.enum(['knowledge_base', 'referral']),
      channel: z.string().optional(),
      score: z.number(),
      drivers: z.array(z.string()),
    })
    .nullable()
    .meta({ description: 'When abstaining: answer from the knowledge base, or refer through this channel' }),
  emergency: z.array(z.object({ reason: z.string(), matched: z.string() })),
});

export function dispatchSuggestionRoutes({
  db,
  reference,
  onError,
}: {
  db: Db;
  reference: ReferenceCache;
  onError: (err: unknown) => void;
}): Route[] {
  const models = dispatchModelSource(db, onError);
  return [
    route({
      method: 'post',
      path: '/intake/suggestions',
      tag: 'intake',
      summary: 'Suggested categories, units and urgency for what the caller said (智能派单); never dispatches',
      roles: ['operator'],
      body: z.strictObject({
        description: createOrderBody.shape.description,
        incidentAddress: createOrderBody.shape.incidentAddress,
      }),
      responses: { 200: { description: 'The suggestion, or an abstention', body: dispatchSuggestionBody } },
      handle: async ({ body }) => {
        const { catalogue, policy } = reference.get();
        const model = await models.get();
        return {
          status: 200,
          body: suggestDispatch(
            { model, catalogue: [...catalogue.values()], policy },
            body.description,
            body.incidentAddress,
          ),
        };
      },
    }),
  ];
}
