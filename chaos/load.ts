/**
 * The load generator: citizens' orders through the HTTP API, as operators, departments and return-visit
 * agents would send them. Creates carry an Idempotency-Key; every failed request (network error,
 * timeout, 429, 5xx) is retried with the same key, so an order the API accepted once is never created
 * twice. Bounded in count and time; remembers what the API told it for the reconciler.
 */
import { setMaxListeners } from 'node:events';
import type { CreateOrderBody } from '../api/intake';
import { sleep } from '../support';

export interface Tokens {
  operator: string;
  visitor: string;
  admin: string;
  /** Department token per unit code. */
  departments: Record<string, string>;
}

/** Categories whose lead unit we hold a token for (some with assisting units, so with assist clocks). */
export const CATEGORIES = [
  { category: 'water_outage', lead: 'WATER', orderType: 'help' },
  { category: 'power_outage', lead: 'POWER', orderType: 'help' },
  { category: 'gas_service', lead: 'GAS', orderType: 'help' },
  { category: 'heating_insufficient', lead: 'HEAT', orderType: 'complaint' },
  { category: 'noise_construction', lead: 'CGJ', orderType: 'complaint' },
] as const;
export const DEPARTMENT_UNITS = [...new Set(CATEGORIES.map((c) => c.lead))];

/**
 * What happens to an order after intake:
 * - `closed`: signed for within seconds, handled, return visit: closed (the response clock is met);
 * - `late`: signed for only after 12–40 s (its response reminders and breach may fall due first), then
 *   sometimes completed;
 * - `ignored`: nobody signs for it: every reminder, the breach and the escalations fire.
 */
export type Plan = 'closed' | 'late' | 'ignored';

export interface LoadOptions {
  baseUrl: string;
  tokens: Tokens;
  /** Names the keys, e.g. `s1-worker-kill`; must be unique per run. */
  label: string;
  /** New orders per second. */
  ratePerSecond: number;
  /** Upper bound on orders created by this generator. */
  maxOrders: number;
  plans?: Partial<Record<Plan, number>>;
  /** Client timeout of one request: anything longer counts as a hung request. */
  requestTimeoutMs?: number;
  /** A request is retried for this long at most, then given up. */
  giveUpMs?: number;
  /** Delay before a late sign-for, in ms. */
  lateAckMs?: [number, number];
  /** Phone numbers must differ between orders (repeat detection would merge them otherwise). */
  phoneBase?: number;
}

export interface AcceptedOrder {
  key: string;
  orderId: string;
  plan: Plan;
  acceptedAt: number;
}

export interface LoadStats {
  /** Orders the generator tried to create (distinct keys). */
  sent: number;
  accepted: number;
  /** HTTP attempts, including retries. */
  requests: number;
  byStatus: Record<string, number>;
  http5xxOtherThan503: number;
  /** 503 or 429 without a Retry-After header. */
  missingRetryAfter: number;
  /** Requests with no answer within the client timeout. */
  hung: number;
  /** Connection refused/reset and the like. */
  networkErrors: number;
  retries: number;
  gaveUp: number;
  /** Responses other than expected (e.g. 409 on a create, 4xx on an action not explained by a retry). */
  unexpected: number;
  actionsDone: Record<string, number>;
  /** An action retried after a lost answer found the order already past it (it had been applied). */
  alreadyApplied: number;
  samples: string[];
}

type Outcome = { ok: true; status: number; body: Record<string, unknown> } | { ok: false; status: number | null };

export class LoadGenerator {
  readonly accepted = new Map<string, AcceptedOrder>();
  /** Every order number any 2xx for a key carried: more than one is a duplicate order. */
  readonly keyIds = new Map<string, Set<string>>();
  readonly sentKeys: string[] = [];
  readonly stats: LoadStats = {
    sent: 0,
    accepted: 0,
    requests: 0,
    byStatus: {},
    http5xxOtherThan503: 0,
    missingRetryAfter: 0,
    hung: 0,
    networkErrors: 0,
    retries: 0,
    gaveUp: 0,
    unexpected: 0,
    actionsDone: {},
    alreadyApplied: 0,
    samples: [],
  };
  inFlight = 0;
  lastCreateAt = 0;
  private journeys = new Set<Promise<void>>();
  private stopping = new AbortController();
  private halted = new AbortController();
  private pacer: Promise<void> | null = null;
  private n = 0;
  private readonly o: Required<LoadOptions>;

  constructor(options: LoadOptions) {
    // Every sleeping journey listens on these two signals.
    setMaxListeners(0, this.stopping.signal, this.halted.signal);
    this.o = {
      plans: { closed: 0.4, late: 0.35, ignored: 0.25 },
      requestTimeoutMs: 15_000,
      giveUpMs: 180_000,
      lateAckMs: [12_000, 40_000],
      phoneBase: 0,
      // Options left undefined keep their defaults.
      ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as LoadOptions),
    };
  }

  /** Starts creating orders at the configured rate (until stop() or maxOrders). */
  start(): void {
    if (this.pacer) return;
    this.pacer = (async () => {
      const interval = 1000 / this.o.ratePerSecond;
      const t0 = Date.now();
      while (!this.stopping.signal.aborted && this.n < this.o.maxOrders) {
        const n = this.n++;
        const j = this.journey(n).catch((err: unknown) => this.note(`journey ${n} failed: ${String(err)}`));
        this.journeys.add(j);
        void j.finally(() => this.journeys.delete(j));
        const next = t0 + (n + 1) * interval;
        await this.pause(Math.max(0, next - Date.now()), this.stopping.signal);
      }
    })();
  }

  /** How many orders have been started. */
  get started(): number {
    return this.n;
  }

  /**
   * Stops creating orders; journeys finish the request they are in (retrying as needed) and skip the
   * rest. With `hard`, retries stop too (used when tearing down after a failure).
   */
  async stop(hard = false): Promise<void> {
    this.stopping.abort();
    if (hard) this.halted.abort();
    await this.pacer;
    while (this.journeys.size) await Promise.allSettled([...this.journeys]);
  }

  /** Runs `create` for one new order with the policy in force. */
  private async journey(n: number): Promise<void> {
    const key = `chaos-${this.o.label}-${String(n).padStart(5, '0')}`;
    const plan = this.pick();
    const cat = CATEGORIES[n % CATEGORIES.length]!;
    const body: CreateOrderBody = {
      channel: 'phone',
      orderType: cat.orderType,
      category: cat.category,
      description: `chaos ${key}: 报修（压力测试）`,
      citizen: { name: '测试', phone: `139${String(this.o.phoneBase + n).padStart(8, '0')}` },
    };
    this.sentKeys.push(key);
    this.stats.sent += 1;
    this.lastCreateAt = Date.now();
    const created = await this.call('create', 'POST', '/orders', this.o.tokens.operator, body, key);
    if (!created?.ok) return;
    const orderId = String(created.body.orderId);
    this.accepted.set(key, { key, orderId, plan, acceptedAt: Date.now() });
    this.stats.accepted = this.accepted.size;
    if (plan === 'ignored') return;

    const dept = this.o.tokens.departments[cat.lead]!;
    const [lo, hi] = plan === 'late' ? this.o.lateAckMs : [200, 2000];
    if (!(await this.pause(lo + Math.random() * (hi - lo), this.stopping.signal))) return;
    const ack = await this.call(
      'acknowledge',
      'POST',
      `/orders/${orderId}/acknowledge`,
      dept,
      { note: '已签收' },
      `${key}-ack`,
    );
    if (!ack?.ok || this.stopping.signal.aborted) return;
    if (plan === 'late' && Math.random() < 0.5) return;
    if (!(await this.pause(200 + Math.random() * 1500, this.stopping.signal))) return;
    const done = await this.call(
      'complete',
      'POST',
      `/orders/${orderId}/complete`,
      dept,
      // A reply of substance and its own: a template or a copy of the unit's last reply goes to 质检复核 first.
      { reply: `经现场核查，反映的问题属实，已督促整改完毕，复查确认已解决（工单 ${orderId}）。` },
      `${key}-done`,
    );
    if (!done?.ok || this.stopping.signal.aborted || plan !== 'closed') return;
    if (!(await this.pause(200 + Math.random() * 1500, this.stopping.signal))) return;
    await this.call(
      'visit',
      'POST',
      `/orders/${orderId}/visit`,
      this.o.tokens.visitor,
      { satisfaction: 'satisfied', resolution: 'resolved' },
      `${key}-visit`,
    );
  }

  /** One logical request: retried with the same Idempotency-Key until it gets a definite answer. */
  private async call(
    kind: string,
    method: string,
    path: string,
    token: string,
    body: unknown,
    key: string,
  ): Promise<Outcome | null> {
    const deadline = Date.now() + this.o.giveUpMs;
    let retried = false;
    for (let attempt = 0; ; attempt++) {
      if (this.halted.signal.aborted) return null;
      const outcome = await this.attempt(method, path, token, body, key);
      if (outcome.ok) {
        if (kind === 'create') {
          const id = String(outcome.body.orderId);
          const ids = this.keyIds.get(key) ?? new Set<string>();
          ids.add(id);
          this.keyIds.set(key, ids);
        } else {
          this.stats.actionsDone[kind] = (this.stats.actionsDone[kind] ?? 0) + 1;
        }
        return outcome;
      }
      const status = outcome.status;
      const retryable = status === null || status === 429 || status >= 500;
      if (!retryable) {
        // An action whose first answer was lost may have been applied already: the order moved past it.
        if (retried && kind !== 'create' && status === 409) {
          this.stats.alreadyApplied += 1;
          return outcome;
        }
        this.stats.unexpected += 1;
        this.note(`${kind} ${key}: HTTP ${status}`);
        return outcome;
      }
      if (Date.now() > deadline) {
        this.stats.gaveUp += 1;
        this.note(`${kind} ${key}: gave up after ${attempt + 1} attempts`);
        return null;
      }
      retried = true;
      this.stats.retries += 1;
      const backoff = Math.min(3000, 250 * 2 ** Math.min(attempt, 4)) * (0.75 + Math.random() / 2);
      await this.pause(backoff, this.halted.signal);
    }
  }

  private async attempt(method: string, path: string, token: string, body: unknown, key: string): Promise<Outcome> {
    this.stats.requests += 1;
    this.inFlight += 1;
    try {
      const res = await fetch(`${this.o.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': key,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.requestTimeoutMs),
      });
      const text = await res.text();
      this.count(String(res.status));
      if (res.status >= 500 && res.status !== 503) {
        this.stats.http5xxOtherThan503 += 1;
        this.note(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
      }
      if ((res.status === 503 || res.status === 429) && !res.headers.get('retry-after')) {
        this.stats.missingRetryAfter += 1;
      }
      if (res.ok) return { ok: true, status: res.status, body: JSON.parse(text) as Record<string, unknown> };
      return { ok: false, status: res.status };
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        this.stats.hung += 1;
        this.count('timeout');
        this.note(`${method} ${path}: no answer within ${this.o.requestTimeoutMs} ms`);
      } else {
        this.stats.networkErrors += 1;
        const cause = (err as { cause?: { code?: string } }).cause;
        this.count(`network:${cause?.code ?? name}`);
      }
      return { ok: false, status: null };
    } finally {
      this.inFlight -= 1;
    }
  }

  private pick(): Plan {
    const entries = Object.entries(this.o.plans) as [Plan, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = Math.random() * total;
    for (const [plan, w] of entries) {
      r -= w;
      if (r <= 0) return plan;
    }
    return entries[0]![0];
  }

  /** Sleeps unless aborted; false when aborted. */
  private async pause(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return false;
    try {
      await sleep(ms, undefined, { signal });
      return true;
    } catch {
      return false;
    }
  }

  private count(what: string): void {
    this.stats.byStatus[what] = (this.stats.byStatus[what] ?? 0) + 1;
  }

  private note(line: string): void {
    if (this.stats.samples.length < 30) this.stats.samples.push(line);
  }
}

/** Publishes an SLA policy through the admin API (retried: the harness calls it only when all is up). */
export async function publishPolicy(
  baseUrl: string,
  adminToken: string,
  policy: Record<string, unknown>,
): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const res = await fetch(`${baseUrl}/admin/policy`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...policy, reason: '故障演练' }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await res.json()) as { version?: number };
      if (res.ok && typeof body.version === 'number') return body.version;
      if (res.status < 500) throw new Error(`publishing the policy failed: HTTP ${res.status} ${JSON.stringify(body)}`);
    } catch (err) {
      if ((err as Error).message.startsWith('publishing')) throw err;
    }
    await sleep(1000);
  }
  throw new Error('publishing the policy failed after 20 attempts');
}
