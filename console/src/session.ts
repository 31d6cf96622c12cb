/**
 * The signed-in user: the bearer token in sessionStorage (one per browser tab, gone with the tab), its
 * claims read from the token itself, and its end — sign-out, or expiry (a timer at `exp`, or any 401).
 * Form drafts live in sessionStorage too and survive both.
 */
import { useSyncExternalStore } from 'react';
import type { Role } from '../../domain/order';

const TOKEN_KEY = 'hotline.token';
const EXPIRED_KEY = 'hotline.expired';

export interface Session {
  token: string;
  sub: string;
  role: Role;
  unit: string | null;
  /** Epoch ms. */
  expiresAt: number;
}

function decode(token: string): Session | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      sub?: string;
      role?: Role;
      unit?: string | null;
      exp?: number;
    };
    if (!payload.sub || !payload.role || !payload.exp) return null;
    return { token, sub: payload.sub, role: payload.role, unit: payload.unit ?? null, expiresAt: payload.exp * 1000 };
  } catch {
    return null;
  }
}

const listeners = new Set<() => void>();
let current: Session | null = null;
let expiryTimer: ReturnType<typeof setTimeout> | undefined;

function load(): Session | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const session = token ? decode(token) : null;
  return session && session.expiresAt > Date.now() ? session : null;
}

function publish(session: Session | null) {
  current = session;
  clearTimeout(expiryTimer);
  // setTimeout holds at most ~24.8 days; tokens live hours.
  if (session) expiryTimer = setTimeout(expireSession, Math.min(session.expiresAt - Date.now(), 2 ** 31 - 1));
  for (const l of listeners) l();
}

export function signIn(token: string): Session {
  const session = decode(token);
  if (!session) throw new Error('不是有效的令牌');
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.removeItem(EXPIRED_KEY);
  publish(session);
  return session;
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  publish(null);
}

/**
 * The token ran out. The sign-in page shows in place of the screen, at the same address, so signing in
 * again returns to it and its form picks up its draft.
 */
export function expireSession(): void {
  sessionStorage.setItem(EXPIRED_KEY, '1');
  signOut();
}

export const wasExpired = () => sessionStorage.getItem(EXPIRED_KEY) !== null;

export const currentToken = () => current?.token ?? null;

export function useSession(): Session | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

publish(load());

/** A form's draft, kept per tab across sign-outs and expiry until the form is submitted. */
export const drafts = {
  load<T>(name: string): Partial<T> | undefined {
    const raw = sessionStorage.getItem(`hotline.draft.${name}`);
    return raw ? (JSON.parse(raw) as Partial<T>) : undefined;
  },
  save(name: string, values: unknown) {
    sessionStorage.setItem(`hotline.draft.${name}`, JSON.stringify(values));
  },
  clear(name: string) {
    sessionStorage.removeItem(`hotline.draft.${name}`);
  },
};
