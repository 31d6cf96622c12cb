/**
 * Serves the built console (console/dist) under /console/, with every deeper path answered by its
 * index.html so the browser's router takes over; `/` redirects there. Hashed assets are cached for
 * good, index.html never, so a new build is picked up on the next load.
 */
import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the console's build is (runtime/console-build.ts builds it there). */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist', import.meta.url));

export function mountConsole(app: Express, dist = CONSOLE_DIST): void {
  const index = join(dist, 'index.html');
  app.get('/', (_req, res) => res.redirect(302, '/console/'));
  app.use(
    '/console/assets',
    express.static(join(dist, 'assets'), { index: false, immutable: true, maxAge: '365d', fallthrough: false }),
  );
  app.get(['/console', '/console/{*path}'], (_req, res) => {
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('控制台尚未构建：请运行 npm run build（npm start 会自动构建）');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
