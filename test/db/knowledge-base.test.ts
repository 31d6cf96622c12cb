import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kbArticles } from '../../db/schema';
import { articleInForce, articleWithValidity } from '../../db/knowledge-base';
import { createTestDatabase, type TestDatabase } from '../../support';

/** 01:00 on 2 December in China is still 1 December in UTC: the validity dates are China days. */
const EARLY_MORNING = Date.parse('2026-12-02T01:00:00+08:00');

describe('an article in force for a direct answer (直接答复)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ seed: false });
    const article = { title: '标题', body: '正文', category: 'social_security', keywords: ['社保'] };
    await t.database.db.insert(kbArticles).values([
      { ...article, code: 'STARTS_TODAY', validFrom: '2026-12-02', validTo: null },
      { ...article, code: 'ENDED_YESTERDAY', validFrom: '2026-01-01', validTo: '2026-12-01' },
    ]);
  });
  afterAll(async () => t?.drop());

  it('is judged on the China calendar day, as the search that offers it', async () => {
    expect((await articleInForce(t.database.db, 'STARTS_TODAY', EARLY_MORNING))?.code).toBe('STARTS_TODAY');
    expect(await articleInForce(t.database.db, 'ENDED_YESTERDAY', EARLY_MORNING)).toBeUndefined();
    expect(
      await articleInForce(t.database.db, 'STARTS_TODAY', Date.parse('2026-12-01T23:59:00+08:00')),
    ).toBeUndefined();
  });

  it('reads any article with whether it is in force, on the same China day', async () => {
    const db = t.database.db;
    expect(await articleWithValidity(db, 'ENDED_YESTERDAY', EARLY_MORNING)).toMatchObject({
      validTo: '2026-12-01',
      inForce: false,
    });
    expect((await articleWithValidity(db, 'STARTS_TODAY', EARLY_MORNING))?.inForce).toBe(true);
    expect((await articleWithValidity(db, 'STARTS_TODAY', Date.parse('2026-12-01T23:59:00+08:00')))?.inForce).toBe(
      false,
    );
    expect(await articleWithValidity(db, 'NO_SUCH', EARLY_MORNING)).toBeUndefined();
  });
});
