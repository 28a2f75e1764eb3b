import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console is served by the API under /console (server/src/http/console.route.ts), so it talks
 * to /graphql and /auth/refresh on its own origin and the session cookies just work. In
 * development (`npm run dev`), Vite serves it with hot reload and forwards those paths to the API.
 */
const apiUrl = process.env.CODESALE_API_URL ?? 'http://localhost:4000';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: true,
    // One chunk per screen group is loaded on demand (React.lazy in routes.tsx).
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: Number(process.env.CONSOLE_DEV_PORT ?? 5173),
    proxy: {
      '/graphql': { target: apiUrl, ws: true, changeOrigin: false },
      '/auth': { target: apiUrl, changeOrigin: false },
      '/attachments': { target: apiUrl, changeOrigin: false },
      '/listing-images': { target: apiUrl, changeOrigin: false },
    },
  },
});
