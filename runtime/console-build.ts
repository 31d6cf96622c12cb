/**
 * Builds the console (Vite) when its build is missing or older than its sources: `npm start` calls it,
 * so a fresh clone serves the console with no extra command, and a second start (sources unchanged)
 * skips it. The sources' content hash is stamped into the build. `npm run build` forces a build.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from './config';
import { CONSOLE_DIST } from '../api/http/console';

export const CONSOLE_ROOT = join(PROJECT_ROOT, 'console');
const STAMP = join(CONSOLE_DIST, '.source-hash');
/** The budget for the JavaScript a first page load needs. */
export const INITIAL_JS_BUDGET_BYTES = 600 * 1024;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Hash of everything the build reads: the console's sources and config, what they import from outside, and the locked dependencies. */
export function consoleSourceHash(): string {
  const hash = createHash('sha256');
  const inputs = [
    ...filesUnder(join(CONSOLE_ROOT, 'src')),
    // The screens import the pure rules and the workflows' message types (labels, the report's sections).
    ...filesUnder(join(PROJECT_ROOT, 'domain')),
    ...filesUnder(join(PROJECT_ROOT, 'workflows')),
    ...['index.html', 'vite.config.ts', 'tsconfig.json'].map((f) => join(CONSOLE_ROOT, f)),
    join(PROJECT_ROOT, 'package-lock.json'),
  ].sort();
  for (const file of inputs) hash.update(relative(PROJECT_ROOT, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

export function consoleBuildIsFresh(): boolean {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8') === consoleSourceHash();
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

/** Gzipped bytes of the entry chunk and everything it imports statically: what the first load runs. */
export function initialJsGzipBytes(): number {
  const manifest = JSON.parse(readFileSync(join(CONSOLE_DIST, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) visit(dep);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return [...seen].reduce(
    (sum, key) => sum + gzipSync(readFileSync(join(CONSOLE_DIST, manifest[key]!.file))).length,
    0,
  );
}

/**
 * Builds the console; returns the initial JavaScript's gzipped size. Vite runs in a child process
 * with NODE_ENV=production: Vite and its React plugin read NODE_ENV (vitest sets "test", under which
 * Ant Design gives every element the same id), and this process's own NODE_ENV must not change.
 */
export async function buildConsole(): Promise<number> {
  const hash = consoleSourceHash();
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn', CONSOLE_ROOT], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the console build failed (vite exited with ${code})`);
  writeFileSync(STAMP, hash);
  return initialJsGzipBytes();
}

export const formatKb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Builds the console unless its build is fresh; says what it did. */
export async function ensureConsoleBuilt(log: (message: string) => void): Promise<void> {
  if (consoleBuildIsFresh()) return;
  const started = Date.now();
  const bytes = await buildConsole();
  log(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s, initial JS ${formatKb(bytes)} gzip`);
}
