/** Small hooks every screen uses: data loading with reload, a shared clock, the lookups. */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { api, ok } from './api/client';
import type { Lookups } from './api/types';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` on mount and whenever `deps` change or `reload` is called; keeps the last data meanwhile. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState((s) => ({ ...s, error, loading: false })),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render: the caller's deps say when it changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
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

let lookups: Promise<Lookups> | null = null;

/** Unit and category names; read once per page load. */
export function useLookups() {
  const { data } = useLoad(() => (lookups ??= ok<Lookups>(api.GET('/lookups'))), []);
  const unitName = (code: string | null | undefined) =>
    code ? (data?.units.find((u) => u.code === code)?.name ?? code) : '—';
  const categoryName = (code: string | null | undefined) =>
    code ? (data?.categories.find((c) => c.code === code)?.name ?? code) : '未分类';
  return { lookups: data, unitName, categoryName };
}
