/**
 * Replays the histories the lifecycle tests recorded (test/histories, written by running them with
 * RECORD_HISTORIES=1) against today's workflow code: a change that makes the workflow decide
 * differently on an old history — non-determinism — fails here rather than on running orders.
 */
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../../runtime/worker';
import { HISTORIES_DIR, historyFromJson } from '../helpers/workflows';

const files = readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('replay of recorded histories', () => {
  it('has histories of the representative paths to replay', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'direct-answer.json',
        'dispatch-resolve.json',
        'dispute-backstop.json',
        'merge-primary.json',
        'merge-duplicate.json',
        'pause-resume.json',
        'reopen-escalate-force-close.json',
        'continue-as-new-first-run.json',
        'continue-as-new-last-run.json',
      ]),
    );
  });

  it('replays every one of them without a determinism error', async () => {
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJson(readFileSync(new URL(file, HISTORIES_DIR), 'utf8')),
    }));
    const results: { workflowId: string; error?: Error }[] = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath }, histories)) results.push(result);
    expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(
      histories.map((hist) => [hist.workflowId, undefined]),
    );
  });
});
