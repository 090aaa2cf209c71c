// The web console (web/) → web/dist, served by the Nest app (src/console). `.mts` because the root package is CommonJS.
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// `vite build` under Jest (NODE_ENV=test, from the e2e global setup) must still produce the production bundle
if (process.argv.includes('build')) process.env.NODE_ENV = 'production';

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [preact()],
  // the API is on the same origin in production; in `vite dev` it is proxied to a running `npm start`
  server: { proxy: Object.fromEntries(['/check', '/reports', '/batches', '/rubrics', '/api-keys', '/waivers', '/health'].map((p) => [p, 'http://127.0.0.1:3000'])) },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: true },
});
