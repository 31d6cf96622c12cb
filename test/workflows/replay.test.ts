/**
 * Replays the histories the lifecycle tests recorded (test/histories, written by running them with
 * RECORD_HISTORIES=1) against today's workflow code: a change that makes the workflow decide
 * differently on an old history — non-determinism — fails here rather than on running orders.
 */
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testDataConverter, workflowBundle } from '../helpers/temporal';
import { HISTORIES_DIR, historyFromJson } from '../helpers/workflows';

/**
 * Histories of today's code (recorded at the top level) and of earlier versions whose orders may still be
 * running (one folder per change that needed a new workflow input flag or a patch).
 */
const GENERATIONS = ['', 'before-settle-in-handlers/', 'before-patch-list/', 'before-local-writes/'];
const histories = GENERATIONS.flatMap((generation) =>
  readdirSync(new URL(generation || '.', HISTORIES_DIR))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `${generation}${f}`),
);
const PATHS = [
  'direct-answer',
  'dispatch-resolve',
  'dispute-backstop',
  'merge-primary',
  'merge-duplicate',
  'pause-resume',
  'reopen-escalate-force-close',
  'continue-as-new-first-run',
  'continue-as-new-last-run',
];

describe('replay of recorded histories', () => {
  it('has histories of the representative paths to replay, from today’s code and from each earlier version', () => {
    for (const generation of GENERATIONS) {
      expect(histories).toEqual(expect.arrayContaining(PATHS.map((p) => `${generation}${p}.json`)));
    }
  });

  it('replays every one of them without a determinism error', async () => {
    const loaded = histories.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJson(readFileSync(new URL(file, HISTORIES_DIR), 'utf8')),
    }));
    const results: { workflowId: string; error?: Error }[] = [];
    // With the codec, as the worker runs: plaintext histories from before it pass through.
    const replayer = Worker.runReplayHistories(
      { workflowBundle: workflowBundle(), dataConverter: testDataConverter },
      loaded,
    );
    for await (const result of replayer) results.push(result);
    expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(
      loaded.map((hist) => [hist.workflowId, undefined]),
    );
  });
});
