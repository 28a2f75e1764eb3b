import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root (where node_modules is). BUYER_BUILD_ROOT widens it for a git worktree whose
 * node_modules is a symlink to another checkout: Turbopack compiles nothing outside its root.
 */
const root = process.env.BUYER_BUILD_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The API's paths (/graphql, /auth, ...) are NOT rewritten here: Next fixes rewrites at build
 * time, and the API's address is known only at start. server.mjs forwards them at run time,
 * WebSocket upgrades included.
 * @type {import('next').NextConfig}
 */
const config = {
  reactStrictMode: true,
  poweredByHeader: false,
  outputFileTracingRoot: root,
  turbopack: { root },
  // The app's own pages may not be framed by another site (a purchase button under a decoy is
  // clickjacking), nor sniffed into another type; the API's paths carry the API's headers.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
};

export default config;
