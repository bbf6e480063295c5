/**
 * The web app's build: `npm run build:web` writes `web/dist`, which `timely serve`
 * serves (src/server/web.ts): `index.html` at `/` and `/app/*`, hashed files under
 * `/assets/`. Nothing is inlined into the HTML, so the server's Content-Security-Policy
 * (`script-src 'self'`, src/server/security.ts) holds.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Never a data: URL for an asset: one rule for every file (served from /assets/).
    assetsInlineLimit: 0,
    sourcemap: false,
    // The overview's chunk is ECharts (~600 kB, ~200 kB gzipped), loaded only by that page.
    chunkSizeWarningLimit: 800,
  },
});
