/**
 * 智能派单 and 智能填单 at the desk: the suggestion for what the caller said (read as the operator types),
 * adopting a suggested category, filling the form from a call's transcript, and what the order records of
 * both — the suggestion shown beside the category chosen, and which proposed fields the operator changed.
 * Proposals only: every field stays the operator's to confirm or correct.
 */
import type { FormInstance } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, ok } from '../../../api/client';
import type { DispatchSuggestion, SuggestedCategory, TranscriptProposal } from '../../../api/types';
import type { CreateBody, IntakeValues } from '../form';

type Proposable = NonNullable<CreateBody['transcript']>['proposed'][number];
type Proposed = Partial<Record<Proposable, string>>;

const same = (a: string | undefined, b: string | undefined) => (a?.trim() ?? '') === (b?.trim() ?? '');

/** The form's values a transcript proposes; a field it did not hear is left as the operator has it. */
function proposalOf(t: TranscriptProposal): Proposed {
  const s = t.suggestion;
  const top = s.abstain ? undefined : s.candidates[0];
  const proposed: Proposed = { description: t.description };
  if (t.citizen.name) proposed.name = t.citizen.name;
  if (t.phones[0]) proposed.phone = t.phones[0];
  if (t.incidentAddress) proposed.incidentAddress = t.incidentAddress.text;
  if (top) proposed.category = top.category;
  if (s.emergency.length > 0) proposed.urgency = 'emergency';
  return proposed;
}

const keyOf = (description?: string, incidentAddress?: string) =>
  ['dispatch-suggestion', description?.trim() ?? '', incidentAddress?.trim() || undefined] as const;

export function useSmartIntake(form: FormInstance<IntakeValues>, description?: string, incidentAddress?: string) {
  const queries = useQueryClient();
  const [, text, place] = keyOf(description, incidentAddress);
  const suggestion = useQuery({
    queryKey: keyOf(description, incidentAddress),
    queryFn: () => ok(api.POST('/intake/suggestions', { body: { description: text, incidentAddress: place } })),
    enabled: text.length > 0,
    placeholderData: (previous) => previous,
  });
  const proposed = useRef<Proposed | null>(null);

  /** The operator takes a suggested category (and its emergency urgency, when one was heard). */
  const adopt = (c: SuggestedCategory) =>
    form.setFieldsValue({
      orderType: form.getFieldValue('orderType') === 'consultation' ? 'complaint' : form.getFieldValue('orderType'),
      category: c.category,
      ...(c.urgency === 'emergency' ? { urgency: 'emergency' as const } : {}),
    });

  /** Fills the form from the transcript's proposal; returns the fields filled, for the operator to check. */
  const fill = (t: TranscriptProposal): Proposable[] => {
    const p = proposalOf(t);
    proposed.current = p;
    // The transcript's answer carries the suggestion for what it heard: shown at once, not asked again.
    queries.setQueryData(keyOf(p.description, p.incidentAddress), t.suggestion);
    form.setFieldsValue(p as Partial<IntakeValues>);
    return Object.keys(p) as Proposable[];
  };

  /** What the create body records of the suggestion shown and of the transcript's proposals. */
  const recorded = (f: IntakeValues): Pick<CreateBody, 'suggestion' | 'transcript'> => {
    // The suggestion for exactly what is filed; else the last one the operator saw.
    const s =
      queries.getQueryData<DispatchSuggestion>(keyOf(f.description, f.incidentAddress)) ??
      (text ? suggestion.data : undefined);
    const p = proposed.current;
    return {
      ...(s
        ? {
            suggestion: {
              modelVersion: s.modelVersion,
              categories: s.candidates.slice(0, 3).map((c) => c.category),
              abstained: s.abstain,
            },
          }
        : {}),
      ...(p
        ? {
            transcript: {
              proposed: Object.keys(p) as Proposable[],
              changed: (Object.keys(p) as Proposable[]).filter((k) => !same(p[k], f[k] as string | undefined)),
            },
          }
        : {}),
    };
  };

  return { suggestion, adopt, fill, recorded };
}
