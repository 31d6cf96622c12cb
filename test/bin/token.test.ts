/** `npm run token`: a token only for a role and unit that exist — the database's units, or the demo city's. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenVerifier } from '../../api/http/auth';
import { units } from '../../db/schema';
import { PROJECT_ROOT } from '../../runtime/config';
import { createTestDatabase, type TestDatabase } from '../../support';

const SECRET = 'token-cli-test-secret-long-enough-0123';
let dataDir: string;
let testDb: TestDatabase;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hotline-token-'));
  testDb = await createTestDatabase();
  await testDb.database.db.insert(units).values({ code: 'NEWUNIT', name: '新设单位', kind: 'department' });
});
afterAll(async () => {
  await testDb?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs the command as `npm run token` does: the exit code and both outputs. */
async function token(args: string[], env: Record<string, string> = {}) {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'bin/token.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATA_DIR: dataDir, AUTH_SECRET: SECRET, DATABASE_URL: '', ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout: stdout.trim(), stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );
}

describe('npm run token', () => {
  it('issues a token the API accepts for a known role and unit', async () => {
    const issued = await token(['department', 'CGJ', 'dept-cgj-01']);
    expect(issued.code).toBe(0);
    expect(await tokenVerifier(SECRET)(issued.stdout)).toEqual({ role: 'department', id: 'dept-cgj-01', unit: 'CGJ' });
  });

  it('refuses an unknown unit or role, naming what exists, and issues nothing', async () => {
    const unit = await token(['department', 'NOSUCHUNIT']);
    expect(unit).toMatchObject({ code: 2, stdout: '' });
    expect(unit.stderr).toMatch(/unknown unit NOSUCHUNIT; the units are .*CGJ/);
    const role = await token(['superuser', 'CENTRE']);
    expect(role).toMatchObject({ code: 2, stdout: '' });
    expect(role.stderr).toMatch(/usage: npm run token -- <operator\|department/);
    expect((await token(['department'])).code).toBe(2);
  });

  it('checks the units of the database at DATABASE_URL when one is set', async () => {
    expect((await token(['department', 'NEWUNIT'])).code).toBe(2);
    const issued = await token(['department', 'NEWUNIT'], { DATABASE_URL: testDb.url });
    expect(issued.code).toBe(0);
    expect((await tokenVerifier(SECRET)(issued.stdout)).unit).toBe('NEWUNIT');
  });

  it('refuses a lifetime above the cap', async () => {
    const long = await token(['operator', 'CENTRE'], { TOKEN_TTL: '48h' });
    expect(long).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/24 h/) });
  });
});
