/**
 * A small TCP proxy between the product and PostgreSQL that the harness can cut and restore, so the
 * database becomes unreachable without touching the machine's PostgreSQL service.
 *
 * Two ways to cut:
 * - `blackhole` (a network partition): nothing moves in either direction. Open connections hang with
 *   their bytes held back and carry on after the restore; new connections are accepted but never reach
 *   PostgreSQL (the client's connect timeout fires) and are dropped at the restore.
 * - `reset` (the server gone): open connections are reset and new ones are refused at once.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type CutMode = 'blackhole' | 'reset';

export interface PgProxy {
  port: number;
  /** Whether traffic flows. */
  readonly isCut: boolean;
  cut(mode?: CutMode): void;
  restore(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

export async function startPgProxy(target: { host: string; port: number }): Promise<PgProxy> {
  const pairs = new Set<Pair>();
  /** Connections accepted while blackholed: never forwarded. */
  const held = new Set<Socket>();
  let mode: CutMode | null = null;

  const drop = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };

  const server: Server = createServer((client) => {
    client.on('error', () => {});
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'blackhole') {
      held.add(client);
      client.pause();
      client.once('close', () => held.delete(client));
      return;
    }
    forward(client);
  });

  function forward(client: Socket) {
    const upstream = connect(target.port, target.host);
    const pair: Pair = { client, upstream };
    pairs.add(pair);
    upstream.on('error', () => drop(pair));
    client.on('error', () => drop(pair));
    upstream.on('close', () => drop(pair));
    client.on('close', () => drop(pair));
    // Data is forwarded only while not cut: a paused socket leaves bytes in the kernel's buffers.
    client.on('data', (chunk) => {
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('data', (chunk) => {
      if (!client.write(chunk)) upstream.pause();
    });
    upstream.on('drain', () => mode === null && client.resume());
    client.on('drain', () => mode === null && upstream.resume());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  return {
    port,
    get isCut() {
      return mode !== null;
    },
    cut(how: CutMode = 'blackhole') {
      mode = how;
      for (const pair of [...pairs]) {
        if (how === 'reset') {
          pair.client.resetAndDestroy();
          pair.upstream?.resetAndDestroy();
          pairs.delete(pair);
        } else {
          pair.client.pause();
          pair.upstream?.pause();
        }
      }
    },
    restore() {
      mode = null;
      for (const socket of held) socket.destroy();
      held.clear();
      for (const pair of pairs) {
        pair.client.resume();
        pair.upstream?.resume();
      }
    },
    async close() {
      for (const pair of [...pairs]) drop(pair);
      for (const socket of held) socket.destroy();
      held.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
