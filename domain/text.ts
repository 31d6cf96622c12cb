/**
 * Text the database can store. PostgreSQL refuses a NUL character in `text` and `jsonb`, and a lone UTF-16
 * surrogate in `jsonb` (in `text` it would turn into U+FFFD on the way): such text is refused at the API
 * (api/http/fields.ts), by the workflow's validators, and withheld from a write the database still refused.
 */

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** What replaces text the database refused, so the rest of the record can still be written. */
export const WITHHELD_TEXT = '[无法存储的文本已隐去 · unstorable text withheld]';

export function storable(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** The dotted path of the first string in `value` the database cannot store (`citizen.name`, `notes.0.text`), or null. */
export function unstorableField(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return storable(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = unstorableField(inner, path ? `${path}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}

/**
 * `value` with every string the database cannot store replaced by WITHHELD_TEXT, and how many were.
 * Unchanged parts are the same objects, so a value with nothing to withhold comes back as it was.
 */
export function withholdUnstorableText<T>(value: T): { value: T; withheld: number } {
  if (typeof value === 'string') {
    return storable(value) ? { value, withheld: 0 } : { value: WITHHELD_TEXT as T, withheld: 1 };
  }
  if (value === null || typeof value !== 'object') return { value, withheld: 0 };
  let withheld = 0;
  const copy = (Array.isArray(value) ? [] : {}) as Record<string, unknown>;
  for (const [key, inner] of Object.entries(value)) {
    const result = withholdUnstorableText(inner);
    withheld += result.withheld;
    copy[key] = result.value;
  }
  return { value: withheld ? (copy as T) : value, withheld };
}
