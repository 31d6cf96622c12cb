/**
 * The console under test: the API (with the real worker, dev server and PostgreSQL of the API harness)
 * listening on a free port and serving the built console, and headless Chromium from the
 * @sparticuz/chromium npm package driven by playwright-core. Nothing is downloaded at run time.
 */
import sparticuz from '@sparticuz/chromium';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { PROJECT_ROOT } from '../../runtime/config';
import { ensureConsoleBuilt } from '../../runtime/console-build';
import type { Role } from '../../domain/order';
import { callers, startApiHarness, type ApiHarness } from './api';

/** Screenshots of this run; the README shows the copies committed under docs/console/. */
export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-results', 'console');

export interface ConsoleStack {
  harness: ApiHarness;
  browser: Browser;
  base: string;
  close(): Promise<void>;
}

export async function startConsoleStack(): Promise<ConsoleStack> {
  const [harness, browser] = await Promise.all([
    ensureConsoleBuilt(() => {}).then(() => startApiHarness()),
    chromium.launch({
      executablePath: await sparticuz.executablePath(),
      // One renderer process per page, not the package's serverless single-process mode: the tests open several users at once.
      args: sparticuz.args.filter((a) => a !== '--single-process'),
      headless: true,
    }),
  ]);
  const server: Server = await new Promise((resolve) => {
    const s = harness.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    harness,
    browser,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await harness.close();
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core in the page (or the part of it a CSS selector names); fails on any serious or critical
 * violation, naming each.
 */
export async function expectAccessible(page: Page, screen: string, within?: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async (context) => {
    const axe = (globalThis as unknown as { axe: { run(context?: string): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    return (await (context ? axe.run(context) : axe.run())).violations;
  }, within);
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `accessibility of ${screen}`).toEqual([]);
}

/**
 * A screenshot once the web font has loaded (Chinese text drawn, not boxes) and the screen has settled: the
 * whole page, or the window alone while a dialog or drawer is open — it covers the window only, so a
 * whole-page picture showed the page below it uncovered and 8 px wider (the room antd keeps for the scrollbar).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(
    () => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready,
  );
  await page.evaluate(SETTLED);
  const overlaid = await page.evaluate(SHOWS_OVERLAY);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: !overlaid });
}

/**
 * Once every animation that ends has ended: a field's error slides in under it, and a picture taken at once
 * showed it cut in half. Endless ones (a spinner) are not waited for.
 */
const SETTLED = `Promise.all(document.getAnimations()
  .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
  .map((a) => a.finished.catch(() => {})))`;

/** Whether a dialog's or drawer's mask is shown. */
const SHOWS_OVERLAY = `Array.from(document.querySelectorAll('.ant-modal-mask, .ant-drawer-mask')).some((el) => el.checkVisibility())`;

export const DESKTOP = { width: 1440, height: 900 };

/**
 * Browser users of one stack: each page a fresh context (its own sessionStorage), zh-CN in China's time
 * zone, its uncaught errors collected in `errors` for the test to check.
 */
export function browserUsers(stack: ConsoleStack) {
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  async function newPage(viewport = DESKTOP): Promise<Page> {
    const context = await stack.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    return page;
  }
  /** Signed in as a demo user through the sign-in page. */
  async function signedIn(sub: string, path = '/console/'): Promise<Page> {
    const page = await newPage();
    await page.goto(`${stack.base}${path}`);
    await page.getByRole('button', { name: `登录 ${sub}` }).click();
    await page.locator('header').getByTitle(sub).waitFor();
    return page;
  }
  return {
    newPage,
    signedIn,
    errors,
    openOrder: (page: Page, orderId: string) => page.goto(`${stack.base}/console/orders/${orderId}`),
    close: async () => {
      for (const c of contexts) await c.close().catch(() => {});
    },
  };
}

/**
 * Takes an order action through its form: text fields by label, choices by their text, and the first
 * `latest` deadlines set to the longest their picker offers.
 */
export async function act(
  page: Page,
  action: string,
  fields: Record<string, string> = {},
  choices: string[] = [],
  latest = 0,
) {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  for (const [label, value] of Object.entries(fields)) {
    await dialog.getByLabel(label, { exact: true }).fill(value);
  }
  for (const choice of choices) await dialog.getByText(choice, { exact: true }).click();
  // Each deadline picker offers its longest date as one button below it, in field order.
  for (let i = 0; i < latest; i++) await dialog.getByRole('button', { name: '填入最长期限' }).nth(i).click();
  await dialog.getByRole('button', { name: '提交' }).click();
  const refused = dialog.locator('[role="alert"], .ant-form-item-explain-error');
  await Promise.race([dialog.waitFor({ state: 'hidden' }), refused.first().waitFor()]);
  if (await dialog.isVisible()) throw new Error(`${action} refused: ${await refused.allTextContents()}`);
}

export const PHONE = { width: 390, height: 844 };
/** What the screen may take to follow a change on a loaded machine (vitest's default is 1 s). */
export const UI = { timeout: 10_000 };

export async function choose(page: Page, label: string, option: string, search?: string) {
  await page.getByLabel(label, { exact: true }).click();
  if (search) await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

export const stateTag = (page: Page): Locator => page.getByTestId('order-state');

/**
 * The lines an element's text is set on: 1 when nothing in it wraps. Text whose tops are within 8 px
 * shares a line (a tag's text sits a pixel or two off the text beside it).
 */
export const lineCount = (element: Locator): Promise<number> =>
  element.evaluate((el) => {
    const doc = el.ownerDocument;
    const range = doc.createRange();
    const texts = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
    const tops: number[] = [];
    while (texts.nextNode()) {
      range.selectNodeContents(texts.currentNode);
      tops.push(...[...range.getClientRects()].map((r) => r.top));
    }
    tops.sort((a, b) => a - b);
    return tops.filter((top, i) => i === 0 || top - tops[i - 1]! > 8).length;
  });

/**
 * The text a person meets on the screen: every visible text node (not one inside a box of no size, where a
 * select keeps its option values for screen readers), and what a screen reader says or a hover shows
 * (aria-label, title, placeholder).
 */
const SCREEN_TEXT = `(() => {
  const seen = (el) => {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const r = e.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return false;
    }
    return true;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.parentElement && seen(n.parentElement)) out.push(n.textContent);
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
    if (el.checkVisibility()) for (const a of ['aria-label', 'title', 'placeholder']) out.push(el.getAttribute(a) ?? '');
  }
  return out.join('\\n');
})()`;

/**
 * Not words to translate: order numbers, the demo users' login names, the ladder's levels (L0–L3), keyboard
 * legends (Ctrl+Enter), the names App and Open311, and the image formats and sizes a photo's refusal names
 * (JPEG、PNG 或 WebP, 8192 KB).
 */
const NOT_WORDS =
  /\bWO[0-9A-Z]{14}\b|\b(?:op|coord|visit|admin|audit|review|dir|inspect)-\d{3}\b|\bdept-[a-z]+\b|\bL[0-3]\b|\b(?:Ctrl|Alt|Enter|Tab|Shift)\b|\b(?:App|APP|Open311)\b|\b(?:JPEG|PNG|WebP|KB|MB)\b/g;

/** Latin words on the whole screen, each with the text around it: every message a person reads is Chinese. */
export async function latinWords(page: Page): Promise<string[]> {
  const text = ((await page.evaluate(SCREEN_TEXT)) as string).replace(NOT_WORDS, '');
  return [...new Set([...text.matchAll(/[A-Za-z]{2,}/g)].map((m) => text.slice(m.index - 12, m.index + 20)))];
}

/**
 * One console stack per test file (one is all CI time allows): started before its tests and closed after
 * them, with API callers (`tokens`: who → role, unit, user) and browser users. A page's uncaught error
 * fails the test it happened in.
 */
export function consoleSuite(tokens: Record<string, [Role, string, string]>) {
  const suite = {} as { stack: ConsoleStack; users: ReturnType<typeof browserUsers>; as: ReturnType<typeof callers> };
  beforeAll(async () => {
    suite.stack = await startConsoleStack();
    suite.users = browserUsers(suite.stack);
    const h = suite.stack.harness;
    const issued = await Promise.all(
      Object.entries(tokens).map(async ([who, [role, unit, sub]]) => [who, await h.token(role, unit, sub)] as const),
    );
    suite.as = callers(h, Object.fromEntries(issued));
  });
  afterEach(() => {
    expect(suite.users.errors.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await suite.users?.close();
    await suite.stack?.close();
  });
  return suite;
}
