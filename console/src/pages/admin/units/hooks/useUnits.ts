/** The units as the administrator manages them, each with the district it belongs to (所属区县). */
import { api, ok } from '../../../../api/client';
import type { Answer } from '../../../../api/types';
import { useLoad } from '../../../../hooks';

export type Unit = Answer<'/admin/units', 'get'>['units'][number];
export interface UnitContact {
  dutyPhone?: string;
  email?: string;
  liaison?: string;
}

/** The district government a unit answers to up its escalation chain (itself if it is one); null above districts. */
export function districtOf(units: Map<string, Unit>, code: string): Unit | null {
  const seen = new Set<string>();
  for (let u = units.get(code); u && !seen.has(u.code); u = u.parentCode ? units.get(u.parentCode) : undefined) {
    if (u.kind === 'district') return u;
    seen.add(u.code);
  }
  return null;
}

export function useUnits() {
  const loaded = useLoad(['admin', 'units'], () => ok(api.GET('/admin/units')));
  const units = [...(loaded.data?.units ?? [])].sort((a, b) => a.code.localeCompare(b.code));
  return { ...loaded, units, byCode: new Map(units.map((u) => [u.code, u])) };
}
