/**
 * Open311's two formats, chosen by the path's suffix (`.xml`, `.json`): the same value written as the
 * spec's XML (a list as its element repeated, `services` → `service`) or as JSON, and the spec's error
 * bodies (`<errors><error><code/><description/></error></errors>` / `[{code, description}]`).
 */
import type { Response } from 'express';

export const FORMATS = ['xml', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export const isFormat = (f: string): f is Format => f === 'xml' || f === 'json';

/** The element each list's items are written as. */
const ITEM: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v));
    return `<${name}>${children.join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The document for a value under its root element (a list's root names its items: ITEM). */
export const toXml = (root: string, value: unknown) => `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`;

export function send(res: Response, format: Format, status: number, root: string, value: unknown): void {
  res.status(status);
  if (format === 'xml') res.type('application/xml; charset=utf-8').send(toXml(root, value));
  else res.json(value);
}

/** An Open311 error: the HTTP status, and what is wrong (the field it names, in Chinese where a person reads it). */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly errors: { code: string | number; description: string }[],
  ) {
    super(errors.map((e) => e.description).join('; '));
  }
}

export const open311Error = (status: number, description: string, code: string | number = status) =>
  new Open311Error(status, [{ code, description }]);

export function sendError(res: Response, format: Format, err: Open311Error): void {
  send(res, format, err.status, 'errors', err.errors);
}
