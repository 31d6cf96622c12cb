import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { exitWhenWorkerFails, stopOnSignals } from '../../runtime/shutdown';

const silent = pino({ level: 'silent' });

describe('the worker process', () => {
  it('exits non-zero, after stopping the other parts, when the worker’s run() fails', async () => {
    const stopped: string[] = [];
    const exits: number[] = [];
    const shutdown = stopOnSignals([async () => void stopped.push('database')], silent, (code) => exits.push(code));
    await exitWhenWorkerFails(Promise.reject(new Error('namespace deleted')), silent, shutdown);
    expect(stopped).toEqual(['database']);
    expect(exits).toEqual([1]);
  });

  it('does nothing when the worker stops after a shutdown', async () => {
    const exits: number[] = [];
    const shutdown = stopOnSignals([], silent, (code) => exits.push(code));
    await exitWhenWorkerFails(Promise.resolve(), silent, shutdown);
    expect(exits).toEqual([]);
  });
});
