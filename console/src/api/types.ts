/**
 * What the API answers, named for the pages that read it. Every type here is taken from the generated
 * OpenAPI paths (openapi.d.ts, `npm run console:api-types`), never written by hand, so a page cannot
 * read a field the API does not send: a change to a response schema shows up here at compile time.
 */
import type { paths } from './openapi';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** The JSON body a path answers a method with when it succeeds (200, else 201). */
export type Answer<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer Ok }
    ? Json<Ok>
    : R extends { 201: infer Created }
      ? Json<Created>
      : never
  : never;

/** One order as its readers see it (the API's projection for the caller's role). */
export type OrderView = Answer<'/orders/{orderId}', 'get'>;
export type ClockView = OrderView['clocks'][number];
/** A list page of orders. */
export type OrderPage = Answer<'/orders', 'get'>;
export type OrderListItem = OrderPage['items'][number];
export type CreatedOrder = Answer<'/orders', 'post'>;
export type IntakePreview = Answer<'/intake/preview', 'post'>;
export type KbHit = Answer<'/kb/search', 'get'>['hits'][number];
export type Lookups = Answer<'/lookups', 'get'>;
export type DemoUser = Answer<'/dev/users', 'get'>['users'][number];
export type AuditEntry = Answer<'/orders/{orderId}/audit', 'get'>['events'][number];
export type Review = Answer<'/reviews', 'get'>['items'][number];
export type QualityReview = Answer<'/quality-reviews', 'get'>['items'][number];
export type InspectionItem = Answer<'/inspections', 'get'>['items'][number];
export type PublicProgress = Answer<'/public/orders/{orderId}', 'get'>;
/** A held order (no unit yet) with the open order it most likely repeats. */
export type HeldItem = Answer<'/held', 'get'>['items'][number];
/** 智能派单: the categories suggested for what the caller said, or an abstention. */
export type DispatchSuggestion = Answer<'/intake/suggestions', 'post'>;
export type SuggestedCategory = DispatchSuggestion['candidates'][number];
/** 智能填单: the fields proposed from a call's transcript. */
export type TranscriptProposal = Answer<'/intake/transcript', 'post'>;
