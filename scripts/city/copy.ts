/**
 * Bulk loading with COPY: rows in PostgreSQL's text format, streamed into a server (postgres.js
 * `copy … from stdin`) or handed to the embedded PGlite as a blob (`copy … from '/dev/blob'`). The
 * columns come from the drizzle schema, so a column added there is loaded (or fails loudly) here too.
 */
import type { PGlite } from '@electric-sql/pglite';
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import postgres from 'postgres';
import { auditEvents, orderOutcomes, orders, ratingReviews } from '../../db/schema';

export const COPY_TABLES = {
  orders,
  audit_events: auditEvents,
  order_outcomes: orderOutcomes,
  rating_reviews: ratingReviews,
} as const;
export type CopyTable = keyof typeof COPY_TABLES;

interface Column {
  /** The property in the drizzle row objects. */
  key: string;
  /** The column name in SQL. */
  name: string;
  /** What the row must hold for the server to take it (checked here: see `copyLine`). */
  required: boolean;
  integer: boolean;
}

/** Every column but a serial id, which its sequence numbers. */
function columnsOf(table: Table): Column[] {
  return Object.entries(getTableColumns(table))
    .filter(([, c]) => !c.columnType.includes('Serial'))
    .map(([key, c]) => ({
      key,
      name: c.name,
      required: c.notNull && !c.hasDefault,
      integer: c.columnType === 'PgInteger' || c.columnType.startsWith('PgBigInt'),
    }));
}

const COLUMNS = Object.fromEntries(
  Object.entries(COPY_TABLES).map(([name, table]) => [name, columnsOf(table)]),
) as Record<CopyTable, Column[]>;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/;
const escape = (text: string) => (SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text);

function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  // JSON has no raw tabs or line breaks (it escapes them itself): only its backslashes need doubling.
  if (typeof value === 'object') return JSON.stringify(value).replaceAll('\\', '\\\\');
  return escape(String(value));
}

/**
 * One row as a line of COPY text. A value the server would reject is refused here, naming the column:
 * postgres.js never reports an error that arrives after a COPY stream has ended, so the load would wait
 * for it forever.
 */
export function copyLine(table: CopyTable, row: Record<string, unknown>): string {
  return `${COLUMNS[table]
    .map((c) => {
      const value = row[c.key];
      if (value == null ? c.required : c.integer && !Number.isInteger(value)) {
        throw new Error(`COPY ${table}.${c.name}: ${String(value)} is not a value the column takes`);
      }
      return field(value);
    })
    .join('\t')}\n`;
}

const copyStatement = (table: CopyTable, source: string) =>
  `copy ${getTableName(COPY_TABLES[table])} (${COLUMNS[table].map((c) => c.name).join(', ')}) from ${source}`;

/** Where COPY text goes: a chunk at a time, waiting when the database is behind. */
export interface CopySink {
  write(table: CopyTable, chunk: string): Promise<void>;
  close(): Promise<void>;
}

/** How long the server may take to confirm a COPY once its last row is sent (seconds, normally). */
const COPY_END_TIMEOUT_MS = 120_000;

/** One COPY per table on a PostgreSQL server, each on a connection of its own, streamed. */
export function postgresSink(url: string): CopySink {
  const sql = postgres(url, {
    max: Object.keys(COPY_TABLES).length,
    onnotice: () => {},
    // A bulk load need not wait for each commit to reach the disk.
    connection: { synchronous_commit: 'off' },
  });
  /** Each table's COPY, and when it has ended (resolved) or failed (rejected). */
  const streams = new Map<CopyTable, Promise<{ s: Writable; done: Promise<void> }>>();
  const open = async (table: CopyTable) => {
    const s = await sql.unsafe(copyStatement(table, 'stdin')).writable();
    const done = finished(s);
    // Awaited in `close`; until then a failure must not count as unhandled.
    done.catch(() => {});
    return { s, done };
  };
  return {
    async write(table, chunk) {
      let stream = streams.get(table);
      if (!stream) streams.set(table, (stream = open(table)));
      const { s, done } = await stream;
      if (s.errored) throw s.errored;
      // Waits while the server is behind; a COPY the server rejected ends the wait with its error.
      if (!s.write(chunk)) await Promise.race([once(s, 'drain'), done]);
    },
    async close() {
      try {
        for (const [table, stream] of streams) {
          const { s, done } = await stream;
          s.end();
          let timer: NodeJS.Timeout | undefined;
          const stuck = new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`COPY ${table} did not complete: the server may have refused a row`)),
              COPY_END_TIMEOUT_MS,
            );
          });
          await Promise.race([done, stuck]).finally(() => clearTimeout(timer));
        }
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}

/** PGlite takes COPY from a blob: chunks are gathered and loaded a few megabytes at a time. */
export function pgliteSink(pg: PGlite, batchBytes = 16 * 1024 * 1024): CopySink {
  const pending = new Map<CopyTable, { chunks: string[]; bytes: number }>();
  const load = async (table: CopyTable) => {
    const p = pending.get(table);
    if (!p?.chunks.length) return;
    pending.delete(table);
    await pg.query(copyStatement(table, "'/dev/blob'"), [], { blob: new Blob(p.chunks) });
  };
  return {
    async write(table, chunk) {
      const p = pending.get(table) ?? { chunks: [], bytes: 0 };
      pending.set(table, p);
      p.chunks.push(chunk);
      p.bytes += chunk.length;
      if (p.bytes >= batchBytes) await load(table);
    },
    async close() {
      for (const table of Object.keys(COPY_TABLES) as CopyTable[]) await load(table);
    },
  };
}

/** Gathers lines into chunks of about `chunkBytes`; `drain` hands full chunks to the sink. */
export class CopyWriter {
  private readonly buffers = new Map<CopyTable, { lines: string[]; bytes: number }>();

  constructor(
    private readonly sink: CopySink,
    private readonly chunkBytes = 1024 * 1024,
  ) {}

  add(table: CopyTable, row: Record<string, unknown>): void {
    const line = copyLine(table, row);
    const buffer = this.buffers.get(table) ?? { lines: [], bytes: 0 };
    this.buffers.set(table, buffer);
    buffer.lines.push(line);
    buffer.bytes += line.length;
  }

  /** Writes the chunks that are full (all of them with `all`), waiting while the database is behind. */
  async drain(all = false): Promise<void> {
    for (const [table, buffer] of this.buffers) {
      if (!buffer.lines.length || (!all && buffer.bytes < this.chunkBytes)) continue;
      const chunk = buffer.lines.join('');
      this.buffers.set(table, { lines: [], bytes: 0 });
      await this.sink.write(table, chunk);
    }
  }

  async close(): Promise<void> {
    await this.drain(true);
    await this.sink.close();
  }
}
