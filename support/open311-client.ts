/**
 * A third-party Open311 client (support/requirements-open311.txt, from PyPI into the project's .venv) run
 * against a base URL: what it saw, or why it failed.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { venvTool } from '../runtime/temporal-binaries';

const requirements = fileURLToPath(new URL('requirements-open311.txt', import.meta.url));
const script = fileURLToPath(new URL('open311-client.py', import.meta.url));

export interface ClientRun {
  services: string[];
  attributes: string[];
  posted: { service_request_id: string; service_notice: string }[];
  read_back: Record<string, unknown>;
}

/** The .venv's Python with the client installed (on first use). */
export const open311ClientPython = () => venvTool('python', requirements);

export function runOpen311Client(baseUrl: string, apiKey: string): Promise<ClientRun> {
  return new Promise((resolve, reject) => {
    execFile(open311ClientPython(), [script, baseUrl, apiKey], { timeout: 60_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as ClientRun),
    );
  });
}
