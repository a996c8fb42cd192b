import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web UI is built into dist/ui and served by the server under /ui/ (src/web-ui/), with
// hashed asset names so that they can be cached for good.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
  },
  server: {
    // `npx vite --config ui/vite.config.ts` while `npm run serve` runs on 7217: live reload
    // against a real server.
    proxy: { '/v1': 'http://127.0.0.1:7217', '/__localnotion': 'http://127.0.0.1:7217' },
  },
});
