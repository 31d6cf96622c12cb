/**
 * Repeat detection (并单): how likely a new contact is about the same matter as an open order, from
 * the same requester, the same category and the distance between the two places — measured when both
 * came with coordinates, otherwise read from the address of the matter (domain/address.ts).
 */
import { comparePlaces, parseAddress } from './address';
import { URGENCIES, type SlaPolicy, type Urgency } from './types';

export interface RepeatSubject {
  requesterHash: string | null;
  category: string | null;
  lat: number | null;
  lng: number | null;
  /** The address of the matter (事发地址) as typed; operators give no coordinates. */
  address?: string | null;
  receivedAt: number;
}

export interface RepeatCandidate {
  confidence: number;
  reasons: string[];
  distanceMeters: number | null;
}

const EARTH_RADIUS_M = 6_371_000;

export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

const addressMatch = (a: string, b: string) => comparePlaces(parseAddress(a), parseAddress(b));

/**
 * Confidence in [0, 1] that `incoming` repeats `open`, or null when nothing links them. Same requester
 * and category is near-certain; the same category at the same place (another neighbour calling about
 * the same site) is likely, fading with distance; the same requester about another category is possible.
 */
export function repeatConfidence(
  incoming: RepeatSubject,
  open: RepeatSubject,
  policy: Pick<SlaPolicy, 'repeat'>,
): RepeatCandidate | null {
  const { windowHours, distanceMeters: radius } = policy.repeat;
  if (Math.abs(incoming.receivedAt - open.receivedAt) > windowHours * 3_600_000) return null;
  const sameRequester = incoming.requesterHash !== null && incoming.requesterHash === open.requesterHash;
  const sameCategory = incoming.category !== null && incoming.category === open.category;
  const distance =
    incoming.lat !== null && incoming.lng !== null && open.lat !== null && open.lng !== null
      ? distanceMeters({ lat: incoming.lat, lng: incoming.lng }, { lat: open.lat, lng: open.lng })
      : null;
  const place =
    distance === null && incoming.address && open.address ? addressMatch(incoming.address, open.address) : null;
  // Without coordinates, the same address counts as no distance at all and a nearby one as the radius's edge.
  const apart = distance ?? (place === 'same' ? 0 : place === 'near' ? radius : null);
  const near = apart !== null && apart <= radius;
  const reasons: string[] = [];
  if (sameRequester) reasons.push('same requester');
  if (sameCategory) reasons.push('same category');
  if (near) reasons.push(place ? `${place} address` : `${Math.round(apart)} m apart`);
  let confidence = 0;
  if (sameRequester && sameCategory) confidence = near || apart === null ? 0.97 : 0.85;
  else if (sameCategory && near) confidence = 0.9 - 0.3 * (apart / radius);
  else if (sameRequester) confidence = 0.5;
  return confidence > 0 ? { confidence: Math.round(confidence * 100) / 100, reasons, distanceMeters: distance } : null;
}

/**
 * The urgency an order rises to when a repeat contact brings its contacts (the original request included)
 * to the policy's threshold: one step up, once; null when it stays as it is. A threshold of 0 never raises.
 */
export function urgencyAfterContact(
  urgency: Urgency,
  contacts: number,
  policy: Pick<SlaPolicy, 'contactsToRaiseUrgency'>,
): Urgency | null {
  const position = URGENCIES.indexOf(urgency);
  const threshold = policy.contactsToRaiseUrgency;
  return threshold > 0 && contacts === threshold && position > 0 ? URGENCIES[position - 1]! : null;
}

/**
 * 并单 before dispatch: a new order whose most likely repeat reaches the policy's hold confidence is not
 * dispatched at intake; it waits as received (its response clock running) for the operator to merge it or
 * dispatch it, so no unit receives a duplicate. Above the auto-merge confidence the system merges it itself.
 */
export function holdForRepeatReview(
  candidates: readonly Pick<RepeatCandidate, 'confidence'>[] | null,
  policy: Pick<SlaPolicy, 'repeat'>,
): boolean {
  const best = candidates?.reduce((max, c) => Math.max(max, c.confidence), 0) ?? 0;
  return best >= policy.repeat.holdConfidence && best < policy.repeat.autoMergeConfidence;
}
