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
};

export default config;
