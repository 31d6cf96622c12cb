/**
 * Before any test: install (if needed) the Temporal binaries and the conformance run's schemathesis, fail
 * clearly if PostgreSQL is down, and bundle the workflow code once for every worker of the run.
 */
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { temporalBinary } from '../runtime/temporal-binaries';
import { workflowsPath } from '../runtime/worker';
import { requireTestServer } from '../support';
import { schemathesisBinary } from '../support/conformance';

declare module 'vitest' {
  export interface ProvidedContext {
    /** test/helpers/temporal.ts workflowBundle(): the order workflows, bundled once. */
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  temporalBinary('cli');
  temporalBinary('testServer');
  schemathesisBinary();
  await requireTestServer();
  const dir = mkdtempSync(join(tmpdir(), 'hotline-workflows-'));
  const codePath = join(dir, 'workflows.js');
  writeFileSync(codePath, (await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') })).code);
  project.provide('workflowBundlePath', codePath);
  return () => rmSync(dir, { recursive: true, force: true });
}
