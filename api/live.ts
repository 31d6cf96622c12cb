/**
 * Live updates for the console as server-sent events. Each committed read-model write NOTIFYs (see
 * db/order-changes.ts); one LISTEN per API process, opened on the first subscriber, fans each change
 * out to the connected callers it concerns: a department hears only of orders its unit is on (or was
 * on until this change), a reviewer only of ratings queued for review, other staff of every order.
 * The events carry the order number and state only; screens then read what changed through the API.
 */
import type { Response } from 'express';
import type { Database } from '../db/client';
import { ORDER_CHANGES_CHANNEL, parseOrderChange, type OrderChange } from '../db/order-changes';
import type { Actor } from '../domain/order';
import { HttpProblem } from './http/problem';
import { route } from './http/route';
import { eventStream } from './schemas';

interface Subscriber {
  actor: Actor;
  res: Response;
}

/** Orders whose units this process remembers, to tell a unit that an order left it (reassignment). */
const REMEMBERED_ORDERS = 50_000;
const HEARTBEAT_MS = 20_000;

/**
 * Each stream holds a connection and a file descriptor for as long as it is open: a user needs one per
 * console tab, so a few; the process as a whole must keep descriptors for its requests and the database.
 */
export const LIVE_LIMITS = { perUser: 10, perProcess: 1000 };

function concerns(actor: Actor, change: OrderChange, units: Set<string>): boolean {
  if (actor.role === 'department') return actor.unit !== null && units.has(actor.unit);
  if (actor.role === 'reviewer') return change.reviewQueued;
  return true;
}

export function createLiveHub(database: Pick<Database, 'listen'>, limits = LIVE_LIMITS) {
  const subscribers = new Set<Subscriber>();
  /** Streams open or opening, per user: counted before the first await, so a burst cannot slip past the caps. */
  const open = new Map<string, number>();
  let total = 0;
  const admit = (user: string) => {
    if ((open.get(user) ?? 0) >= limits.perUser) {
      throw new HttpProblem(
        429,
        'too_many_streams',
        `每位用户最多同时打开 ${limits.perUser} 个实时更新连接，请关闭多余的页面后再试。`,
        {
          retryAfter: 30,
        },
      );
    }
    if (total >= limits.perProcess) {
      throw new HttpProblem(429, 'too_many_streams', '实时更新连接已满，请稍后再试。', {
        retryAfter: 30,
      });
    }
    open.set(user, (open.get(user) ?? 0) + 1);
    total++;
    return () => {
      const left = open.get(user)! - 1;
      if (left) open.set(user, left);
      else open.delete(user);
      total--;
    };
  };
  const unitsOf = new Map<string, string[]>();
  let listening: Promise<() => Promise<void>> | null = null;

  const onNotify = (payload: string) => {
    const change = parseOrderChange(payload);
    if (!change) return;
    const units = new Set([...(unitsOf.get(change.orderId) ?? []), ...change.units]);
    unitsOf.delete(change.orderId);
    if (unitsOf.size >= REMEMBERED_ORDERS) unitsOf.delete(unitsOf.keys().next().value!);
    unitsOf.set(change.orderId, change.units);
    const event = `event: order\ndata: ${JSON.stringify({ orderId: change.orderId, state: change.state })}\n\n`;
    for (const s of subscribers) if (concerns(s.actor, change, units)) s.res.write(event);
  };
  const listen = () => {
    listening ??= database.listen(ORDER_CHANGES_CHANNEL, onNotify).catch((err: unknown) => {
      listening = null;
      throw err;
    });
    return listening;
  };

  const liveRoute = route({
    method: 'get',
    path: '/live',
    tag: 'console',
    summary: 'Server-sent events: `order` {orderId, state} whenever an order the caller may see changes',
    roles: ['operator', 'department', 'coordinator', 'visitor', 'auditor', 'reviewer', 'manager'],
    produces: 'text/event-stream',
    responses: {
      200: { description: '`ready` first, then `order` events', body: eventStream },
      429: 'Too many live streams: of this user, or of this API process',
      503: 'Database unavailable',
    },
    async handle({ actor, req }) {
      const release = admit(actor.id);
      try {
        await listen();
      } catch (err) {
        release();
        throw err;
      }
      const res = req.res!;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
      });
      // `retry`: how long the browser waits before reconnecting after a drop.
      res.write('retry: 3000\nevent: ready\ndata: {}\n\n');
      const subscriber = { actor, res };
      subscribers.add(subscriber);
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      await new Promise<void>((resolve) => res.once('close', resolve));
      clearInterval(heartbeat);
      subscribers.delete(subscriber);
      release();
      // Answered already: the router sends nothing more once headers are out.
      return { status: 200, body: null };
    },
  });

  return {
    routes: [liveRoute],
    /** Ends every stream (at shutdown, so the server can close) and stops listening. */
    async close(): Promise<void> {
      for (const s of subscribers) s.res.end();
      subscribers.clear();
      const stop = await listening?.catch(() => null);
      listening = null;
      await stop?.();
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
