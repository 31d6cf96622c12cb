/**
 * Live order changes from the API's server-sent events (/live), read with fetch so the bearer token
 * travels in a header, not the URL. One stream per tab; screens subscribe and re-read what they show.
 * `resync` is sent on every (re)connection, since changes during a drop were not heard.
 */
import { useEffect, useRef } from 'react';
import { currentToken, expireSession } from './session';

export type LiveEvent = { type: 'order'; orderId: string; state: string } | { type: 'resync' };

const listeners = new Set<(e: LiveEvent) => void>();
let stream: AbortController | null = null;

const RECONNECT_MS = 3_000;

function dispatch(event: string, data: string) {
  const e: LiveEvent | null =
    event === 'ready'
      ? { type: 'resync' }
      : event === 'order'
        ? { type: 'order', ...(JSON.parse(data) as { orderId: string; state: string }) }
        : null;
  if (e) for (const l of listeners) l(e);
}

async function run(signal: AbortSignal) {
  while (!signal.aborted) {
    const token = currentToken();
    if (!token) return;
    try {
      const res = await fetch('/live', { headers: { Authorization: `Bearer ${token}` }, signal });
      if (res.status === 401) return expireSession();
      if (!res.ok || !res.body) throw new Error(`live: ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            block
              .split('\n')
              .filter((l) => l.startsWith(`${name}:`))
              .map((l) => l.slice(name.length + 1).trim())
              .join('\n');
          dispatch(field('event'), field('data'));
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
  }
}

/** Calls `onEvent` for each live change while the component is mounted. */
export function useLive(onEvent: (e: LiveEvent) => void): void {
  const latest = useRef(onEvent);
  useEffect(() => {
    latest.current = onEvent;
  });
  useEffect(() => {
    const listener = (e: LiveEvent) => latest.current(e);
    listeners.add(listener);
    if (!stream) {
      stream = new AbortController();
      void run(stream.signal);
    }
    return () => {
      listeners.delete(listener);
      if (!listeners.size) {
        stream?.abort();
        stream = null;
      }
    };
  }, []);
}
