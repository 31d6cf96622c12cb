/** Text the database can store: what is refused, what is found where, and what a refused write keeps. */
import { describe, expect, it } from 'vitest';
import { storable, unstorableField, withholdUnstorableText, WITHHELD_TEXT } from '../../domain/text';

describe('storable text', () => {
  it('refuses NUL and unpaired surrogates, and accepts paired ones and ordinary text', () => {
    for (const bad of ['\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\udc00\ud800', 'tail\ud83d'])
      expect(storable(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ['', '夜间施工噪音扰民', 'emoji 😀 ok', '\u0001\t\n', '\ufffd'])
      expect(storable(good), JSON.stringify(good)).toBe(true);
  });

  it('names the first field that holds unstorable text', () => {
    expect(unstorableField({ note: 'ok', actor: { id: 'op' } })).toBeNull();
    expect(unstorableField({ citizen: { name: 'ok', address: 'a\u0000' } })).toBe('citizen.address');
    expect(unstorableField({ keywords: ['a', '\ud800'] })).toBe('keywords.1');
    expect(unstorableField(3)).toBeNull();
  });

  it('withholds exactly the unstorable strings, and gives back a clean value unchanged', () => {
    const clean = { a: 'x', list: [{ b: 'y' }] };
    expect(withholdUnstorableText(clean)).toEqual({ value: clean, withheld: 0 });
    expect(withholdUnstorableText(clean).value).toBe(clean);
    const dirty = { a: 'x', n: 1, none: null, list: [{ b: 'y\u0000' }, 'z\udfff'], deep: { c: 'ok' } };
    const { value, withheld } = withholdUnstorableText(dirty);
    expect(withheld).toBe(2);
    expect(value).toEqual({ a: 'x', n: 1, none: null, list: [{ b: WITHHELD_TEXT }, WITHHELD_TEXT], deep: { c: 'ok' } });
    expect(value.deep).toBe(dirty.deep);
    expect(dirty.list[0]).toEqual({ b: 'y\u0000' });
    expect(storable(JSON.stringify(value))).toBe(true);
  });
});
