/**
 * What the desk reads while the operator types, each keyed so a stale answer never shows over a fresh one:
 * knowledge-base suggestions (the text in a POST body: a long request does not fit in a URL), the dispatch
 * preview with repeat candidates, and the caller's earlier orders by phone number.
 */
import { useQuery } from '@tanstack/react-query';
import { contactPhoneProblem } from '../../../../../domain/phone';
import { api, ok } from '../../../api/client';
import { bodyOf, type IntakeValues } from '../form';

export function useSuggestions(text: string | undefined) {
  const q = text?.trim() ?? '';
  return useQuery({
    queryKey: ['kb-suggestions', q],
    queryFn: () => ok(api.POST('/kb/suggestions', { body: { text: q, limit: 3 } })),
    enabled: q.length > 0,
    select: (r) => r.hits,
  });
}

/** The preview depends on everything but the description and the contact's name and address. */
export function usePreview(values: IntakeValues | undefined) {
  const phone = values?.phone?.trim();
  const body = values && {
    ...bodyOf({ ...values, description: undefined, name: undefined, address: undefined }),
    citizen: { phone: phone && !contactPhoneProblem(phone) ? phone : undefined },
  };
  return useQuery({
    queryKey: ['intake-preview', body],
    queryFn: () => ok(api.POST('/intake/preview', { body: body! })),
    enabled: body !== undefined,
    placeholderData: (previous) => previous,
  });
}

export function useCallerHistory(phone: string | undefined) {
  const number = phone?.trim() ?? '';
  return useQuery({
    queryKey: ['caller-history', number],
    queryFn: () => ok(api.POST('/search/orders-by-phone', { body: { phone: number, limit: 5 } })),
    enabled: number.length > 0 && contactPhoneProblem(number) === null,
    select: (r) => r.items,
  });
}
