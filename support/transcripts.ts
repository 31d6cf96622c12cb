/** Field-level precision and recall of 智能填单 (domain/transcript.ts) on labelled transcripts. */
import { comparePlaces, normaliseAddressText, parseAddress } from '../domain/address';
import { fieldsFromTranscript } from '../domain/transcript';
import type { LabelledTranscript } from '../test/fixtures/transcripts';

export interface FieldScore {
  /** Right proposals / proposals made. */
  precision: number;
  /** Right proposals / values the transcript holds. */
  recall: number;
}

export type TranscriptScores = Record<'name' | 'phones' | 'address' | 'times' | 'description', FieldScore>;

interface Tally {
  right: number;
  proposed: number;
  expected: number;
}

const score = (t: Tally): FieldScore => ({
  precision: t.proposed ? t.right / t.proposed : 1,
  recall: t.expected ? t.right / t.expected : 1,
});

/**
 * Each proposed value is right or wrong; a list field counts value by value. An address is right when it
 * names the same place (domain/address.ts) or, for a place the parts cannot hold (a crossing), the same text.
 */
export function transcriptScores(cases: readonly LabelledTranscript[]): TranscriptScores {
  const tallies = {
    name: { right: 0, proposed: 0, expected: 0 },
    phones: { right: 0, proposed: 0, expected: 0 },
    address: { right: 0, proposed: 0, expected: 0 },
    times: { right: 0, proposed: 0, expected: 0 },
    description: { right: 0, proposed: 0, expected: 0 },
  };
  const one = (t: Tally, proposed: boolean, expected: boolean, right: boolean) => {
    t.proposed += Number(proposed);
    t.expected += Number(expected);
    t.right += Number(proposed && expected && right);
  };
  const many = (t: Tally, proposed: string[], expected: string[]) => {
    t.proposed += proposed.length;
    t.expected += expected.length;
    t.right += proposed.filter((p) => expected.includes(p)).length;
  };
  for (const c of cases) {
    const f = fieldsFromTranscript(c.transcript);
    one(tallies.name, f.name !== null, c.name !== null, f.name === c.name);
    many(tallies.phones, f.phones, c.phones);
    one(
      tallies.address,
      f.incidentAddress !== null,
      c.address !== null,
      f.incidentAddress !== null &&
        c.address !== null &&
        (comparePlaces(f.incidentAddress.place, parseAddress(c.address)) === 'same' ||
          f.incidentAddress.text === normaliseAddressText(c.address)),
    );
    many(tallies.times, f.times, c.times);
    one(tallies.description, f.description.length > 0, true, f.description === c.description);
  }
  return {
    name: score(tallies.name),
    phones: score(tallies.phones),
    address: score(tallies.address),
    times: score(tallies.times),
    description: score(tallies.description),
  };
}
