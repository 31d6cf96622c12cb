/**
 * 政策预演 from the console: the policy in force to draft a candidate from, the preview started, and its
 * progress read every second until the answer is in.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, ok } from '../../../api/client';
import type { paths } from '../../../api/openapi';
import type { Answer } from '../../../api/types';

export type Policy = Answer<'/admin/policy', 'get'>;
export type Preview = Answer<'/policy-previews/{previewId}', 'get'>;
export type Start = paths['/policy-previews']['post']['requestBody']['content']['application/json'];

export function usePolicyInForce() {
  return useQuery({ queryKey: ['policy'], queryFn: () => ok(api.GET('/admin/policy')) });
}

export function usePreview() {
  const start = useMutation({ mutationFn: (body: Start) => ok(api.POST('/policy-previews', { body })) });
  const previewId = start.data?.previewId;
  const progress = useQuery({
    queryKey: ['policy-preview', previewId],
    queryFn: () => ok(api.GET('/policy-previews/{previewId}', { params: { path: { previewId: previewId! } } })),
    enabled: previewId !== undefined,
    refetchInterval: (q) => (q.state.data?.state === 'running' || !q.state.data ? 1000 : false),
  });
  return { start, preview: progress.data, error: start.error ?? progress.error ?? undefined };
}
