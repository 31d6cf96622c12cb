/** The console's build: served by the API under /console/, one chunk per screen. */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The manifest tells runtime/console-build.ts which chunks a first load needs.
    manifest: true,
    // Ant Design's shared chunk is large by nature; the budget that matters is checked on the initial load.
    chunkSizeWarningLimit: 1200,
  },
});
