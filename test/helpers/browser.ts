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
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { PROJECT_ROOT } from '../../runtime/config';
import { ensureConsoleBuilt } from '../../runtime/console-build';
import { startApiHarness, type ApiHarness } from './api';

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

/** Runs axe-core in the page; fails on any serious or critical violation, naming each. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `accessibility of ${screen}`).toEqual([]);
}

/** A screenshot once the web font has loaded (Chinese text drawn, not boxes). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(
    () => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready,
  );
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
