import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// Built by Quarkus Quinoa during the Maven build (npm run build → dist/, served by Quarkus at /).
// In dev mode (bin/dev) Quinoa starts `npm run dev` and forwards every path but /api and /q to this server.
export default defineConfig({
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir: 'dist',
    target: 'es2020',
    sourcemap: false,
    // Each lazily loaded page is its own chunk; the first load is the shell and the events page.
    modulePreload: { polyfill: false },
  },
  server: { port: 5173, strictPort: true },
});
