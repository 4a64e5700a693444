import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web app, built into dist/web and served by the API at /app (apps/api/src/platform/web).
// Preact through the bundler's automatic JSX runtime: no framework plugin needed.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No inline assets: the page's policy allows images from this origin and data: only for images.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 600,
  },
});
