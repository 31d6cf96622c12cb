/** The SLA policy's versions, newest first, and the one in force (the one new orders start under). */
import { api, ok } from '../../../../api/client';
import type { Answer } from '../../../../api/types';
import { useLoad } from '../../../../hooks';
import type { SlaPolicy } from '../../../../../../domain/types';

type Listed = Answer<'/admin/policy/versions', 'get'>['versions'][number];
/** A version with its settings typed: the API answers them as published (with later settings' defaults). */
export type PolicyVersion = Omit<Listed, 'policy'> & { policy: Omit<SlaPolicy, 'version'> };

export function usePolicies() {
  const loaded = useLoad(['admin', 'policies'], () => ok(api.GET('/admin/policy/versions')));
  const versions = (loaded.data?.versions ?? []) as PolicyVersion[];
  const inForce = versions.find((v) => v.version === loaded.data?.inForce);
  return { ...loaded, versions, inForce };
}
