/** 排名: the units' competition ranking (1, 2, 2, 4) by the adjusted composite; no composite, no rank. */
export function competitionRanks(
  rows: readonly { group: string; adjusted: { composite: number | null } }[],
): Map<string, number> {
  const scored = rows.filter((r) => r.adjusted.composite !== null);
  return new Map(
    scored.map((r) => [r.group, 1 + scored.filter((o) => o.adjusted.composite! > r.adjusted.composite!).length]),
  );
}
