# One image for the API server (serving the built console at /console/) and the buyer app
# (clients/buyer/server.mjs, the built Next.js app); docker-compose.yml runs it twice.
# Build: docker compose build
FROM node:24-bookworm-slim AS build
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY server/package.json server/
COPY clients/shared/package.json clients/shared/
COPY clients/console/package.json clients/console/
COPY clients/buyer/package.json clients/buyer/
RUN npm ci --no-audit --no-fund
COPY server server
COPY clients/shared clients/shared
COPY clients/console clients/console
COPY clients/buyer clients/buyer
COPY migrations migrations
COPY schema schema
# npm run build: the server (swc), the console (Vite) and the buyer app (next build).
RUN npm run build && rm -rf clients/buyer/.next/cache && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=build /app/package.json package.json
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/server/package.json server/package.json
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/clients/console/dist clients/console/dist
COPY --from=build /app/clients/shared clients/shared
# The whole folder: server.mjs, next.config.mjs, .next (the build) and public/ when there is one.
COPY --from=build /app/clients/buyer clients/buyer
COPY --from=build /app/migrations migrations
COPY --from=build /app/schema schema
USER node
EXPOSE 4000 3000
# The API's; the buyer app's service overrides it (docker-compose.yml).
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:4000/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "server/dist/main.js"]
