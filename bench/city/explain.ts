/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of the hot queries, exactly as the product sends them: each production
 * function runs once on a drizzle instance that records its statements, then every recorded `select`
 * runs again under EXPLAIN with the same parameters. The plans say which index each query uses.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db } from '../../db/client';
import * as schema from '../../db/schema';

export interface HotQuery {
  name: string;
  run(db: Db): Promise<unknown>;
}

export interface Plan {
  name: string;
  sql: string;
  plan: string[];
  /** The indexes the plan reads. */
  indexes: string[];
  executionMs: number | null;
}

export async function explainAll(url: string, queries: HotQuery[]): Promise<Plan[]> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const recorded: { sql: string; params: unknown[] }[] = [];
  const db = drizzle(client, { schema, logger: { logQuery: (sql, params) => void recorded.push({ sql, params }) } });
  const plans: Plan[] = [];
  try {
    for (const q of queries) {
      recorded.length = 0;
      await q.run(db as unknown as Db);
      for (const { sql, params } of recorded.filter((r) => /^\s*select/i.test(r.sql))) {
        const rows = await client.unsafe(
          `explain (analyze, buffers) ${sql}`,
          params as postgres.ParameterOrJSON<never>[],
        );
        const plan = rows.map((r) => String((r as Record<string, unknown>)['QUERY PLAN']));
        const scans = (line: string) => [...line.matchAll(/Index (?:Only )?Scan(?: Backward)? (?:using|on) (\w+)/g)];
        const indexes = [...new Set(plan.flatMap((line) => scans(line).map((m) => m[1]!)))];
        const execution = plan.map((l) => /Execution Time: ([\d.]+) ms/.exec(l)).find(Boolean);
        plans.push({ name: q.name, sql, plan, indexes, executionMs: execution ? Number(execution[1]) : null });
      }
    }
  } finally {
    await client.end({ timeout: 5 });
  }
  return plans;
}

/** The plans as markdown: per query its SQL, the indexes it uses and the plan (numbered when one call runs several). */
export function plansMarkdown(plans: Plan[]): string {
  const total = (name: string) => plans.filter((q) => q.name === name).length;
  const title = (p: Plan, i: number) =>
    total(p.name) > 1
      ? `${p.name}, query ${plans.slice(0, i + 1).filter((q) => q.name === p.name).length} of ${total(p.name)}`
      : p.name;
  return plans
    .map(
      (p, i) =>
        `### ${title(p, i)}\n\nIndexes: ${p.indexes.length ? p.indexes.map((i) => `\`${i}\``).join(', ') : 'none (sequential scan)'}` +
        `${p.executionMs !== null ? ` · execution ${p.executionMs} ms` : ''}\n\n` +
        '```sql\n' +
        p.sql +
        '\n```\n\n```\n' +
        p.plan.join('\n') +
        '\n```\n',
    )
    .join('\n');
}
