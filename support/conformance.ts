/**
 * A bounded property-based run of schemathesis against the served OpenAPI document: every check, a few
 * examples per operation, as one role. The tool comes from PyPI, pinned, into the project's .venv.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { venvTool } from '../runtime/temporal-binaries';

const requirements = fileURLToPath(new URL('requirements-conformance.txt', import.meta.url));
const config = fileURLToPath(new URL('schemathesis.toml', import.meta.url));

/** The `st` binary, installed on first use. */
export const schemathesisBinary = () => venvTool('st', requirements);

export interface ConformanceRun {
  ok: boolean;
  output: string;
}

/**
 * Runs every check against `baseUrl` with this bearer token; resolves with the exit status and the report.
 * Every operation but the never-ending event stream, or (`stream`) that stream alone: schemathesis checks
 * each event it reads against the document, and the request timeout ends the stream.
 */
export function runConformance(
  baseUrl: string,
  token: string,
  options: { maxExamples: number; seconds: number; stream?: boolean },
) {
  const args = [
    '--config-file',
    config,
    'run',
    `${baseUrl}/openapi.json`,
    '--checks',
    'all',
    '--header',
    `Authorization: Bearer ${token}`,
    '--max-examples',
    String(options.maxExamples),
    '--max-time',
    String(options.seconds),
    // Not the stateful phase: its links carry fields of one answer into another request's body.
    '--phases',
    'examples,coverage,fuzzing',
    '--workers',
    '1',
    '--seed',
    '12345',
    '--no-color',
    // JSON text in UTF-8 cannot hold an unpaired surrogate, which the API refuses (api/http/fields.ts).
    '--generation-codec',
    'utf-8',
    // Each run from its seed alone: no example database left in the work tree.
    '--generation-database',
    'none',
    ...(options.stream ? ['--include-path', '/live', '--request-timeout', '2'] : ['--exclude-path', '/live']),
  ];
  return new Promise<ConformanceRun>((resolve) => {
    execFile(schemathesisBinary(), args, { maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ ok: err === null, output: `${stdout}\n${stderr}` }),
    );
  });
}
