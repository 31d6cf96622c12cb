/**
 * 智能派单 and 智能填单 at the intake desk: what the caller said → the likely categories with their units,
 * urgency and handling limit, the words behind each, emergency signals, or an abstention proposing the
 * knowledge base or a referral (domain/dispatch-suggest.ts); and a call's transcript → the order's fields
 * proposed (domain/transcript.ts) with that suggestion. Proposals only: nothing is created or dispatched
 * here, the operator confirms each field on the order as before.
 */
import { z } from 'zod';
import type { DispatchModelSource } from '../db/dispatch-models';
import type { ReferenceCache } from '../db/reference-cache';
import { suggestDispatch, type DispatchModel } from '../domain/dispatch-suggest';
import { fieldsFromTranscript } from '../domain/transcript';
import { LIMIT_UNITS, URGENCIES } from '../domain/types';
import { text } from './http/fields';
import { createOrderBody } from './intake';
import { route, type Route } from './http/route';

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

const transcriptFields = z.object({
  description: z.string(),
  citizen: z.object({ name: z.string().nullable().meta({ description: 'As given, e.g. 王女士' }) }),
  phones: z.array(z.string()).meta({ description: 'Phone numbers said, as digits (一三八…, 幺 included)' }),
  incidentAddress: z
    .object({
      text: z.string(),
      place: z.object({
        district: z.string().nullable(),
        road: z.string().nullable(),
        number: z.string().nullable(),
        community: z.string().nullable(),
        building: z.string().nullable(),
      }),
    })
    .nullable(),
  times: z.array(z.string()).meta({ description: 'Time expressions as said (昨晚十一点, 每天凌晨)' }),
  suggestion: dispatchSuggestionBody,
});

/** The dispatch suggestion for what the caller said, by the model in use and today's catalogue and policy. */
export function suggestWith(reference: ReferenceCache, model: DispatchModel, description: string, address?: string) {
  const { catalogue, policy } = reference.get();
  return suggestDispatch({ model, catalogue: [...catalogue.values()], policy }, description, address);
}

export function dispatchSuggestionRoutes({
  reference,
  models,
}: {
  reference: ReferenceCache;
  models: DispatchModelSource;
}): Route[] {
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
      handle: async ({ body }) => ({
        status: 200,
        body: suggestWith(reference, await models.get(), body.description, body.incidentAddress),
      }),
    }),
    route({
      method: 'post',
      path: '/intake/transcript',
      tag: 'intake',
      summary: "The order's fields proposed from a call's transcript (智能填单), with the dispatch suggestion",
      roles: ['operator'],
      // 12,000 characters at four UTF-8 bytes each stay within the 64 KB JSON body limit.
      body: z.strictObject({ transcript: text(12000) }),
      responses: {
        200: { description: 'The proposed fields, each for the operator to confirm', body: transcriptFields },
      },
      handle: async ({ body }) => {
        const { name, ...fields } = fieldsFromTranscript(body.transcript);
        const address = fields.incidentAddress?.text;
        return {
          status: 200,
          body: {
            ...fields,
            citizen: { name },
            suggestion: suggestWith(reference, await models.get(), fields.description, address),
          },
        };
      },
    }),
  ];
}
