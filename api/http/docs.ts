/** Interactive API docs: Swagger UI from the installed swagger-ui-dist package, reading /openapi.json. */
import express, { type Express } from 'express';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const assets = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>12345 hotline API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>`;

// A file of its own, not an inline script, so helmet's Content-Security-Policy can stay strict.
const init = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', persistAuthorization: true });`;

export function mountDocs(app: Express): void {
  app.use('/docs/assets', express.static(assets, { index: false }));
  app.get('/docs/init.js', (_req, res) => void res.type('application/javascript').send(init));
  app.get('/docs', (_req, res) => void res.type('html').send(page));
}
