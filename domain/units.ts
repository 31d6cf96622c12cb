/** Rules the unit tree must keep: one backstop (兜底) unit, parents that exist, no cycles. */
import type { Unit } from './types';

export function unitTreeProblems(units: Unit[]): string[] {
  const problems: string[] = [];
  const byCode = new Map(units.map((u) => [u.code, u]));
  const backstops = units.filter((u) => u.isBackstop);
  if (backstops.length !== 1) problems.push(`exactly one backstop unit is required, found ${backstops.length}`);
  for (const u of units) {
    if (u.parentCode !== null && !byCode.has(u.parentCode))
      problems.push(`${u.code}: parent ${u.parentCode} does not exist`);
    const seen = new Set<string>([u.code]);
    for (let p = u.parentCode; p !== null; p = byCode.get(p)?.parentCode ?? null) {
      if (seen.has(p)) {
        problems.push(`${u.code}: its escalation chain loops through ${p}`);
        break;
      }
      seen.add(p);
    }
  }
  return problems;
}

/** The escalation chain of a unit: itself, its parent, up to the root. */
export function escalationChain(units: Map<string, Unit>, code: string): string[] {
  const chain: string[] = [];
  for (let c: string | null = code; c !== null && !chain.includes(c); c = units.get(c)?.parentCode ?? null)
    chain.push(c);
  return chain;
}
