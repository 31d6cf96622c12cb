/**
 * Small hooks every screen uses: server state through TanStack Query (cached by key, stale answers never
 * shown over fresh ones, re-read on a live change), a shared clock, the lookups.
 */
import { QueryClient, useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api, ok } from './api/client';

/** One cache for the tab; a refused request is not retried (the API's refusals are final). */
export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Reads `key` with `load`, keeping the last data while it is read again; `reload` reads it anew. */
export function useLoad<T>(key: readonly unknown[], load: () => Promise<T>): Loaded<T> {
  const q = useQuery({ queryKey: key, queryFn: load });
  return { data: q.data, error: q.error ?? undefined, loading: q.isFetching, reload: () => void q.refetch() };
}

const tickers = new Set<() => void>();
let now = Date.now();
setInterval(() => {
  now = Date.now();
  for (const t of tickers) t();
}, 1000);

/** The current time, ticking once a second for every countdown on the page at once. */
export function useNow(): number {
  return useSyncExternalStore(
    (l) => {
      tickers.add(l);
      return () => tickers.delete(l);
    },
    () => now,
  );
}

/** Unit and category names; read once per page load. */
export function useLookups() {
  const { data } = useQuery({ queryKey: ['lookups'], queryFn: () => ok(api.GET('/lookups')), staleTime: Infinity });
  const unitName = (code: string | null | undefined) =>
    code ? (data?.units.find((u) => u.code === code)?.name ?? code) : '—';
  const categoryName = (code: string | null | undefined) =>
    code ? (data?.categories.find((c) => c.code === code)?.name ?? code) : '未分类';
  return { lookups: data, unitName, categoryName };
}
