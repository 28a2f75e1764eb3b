# The API server on Node 24, serving the built console at /console/. Build: docker compose build server
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY server/package.json server/
COPY clients/shared/package.json clients/shared/
COPY clients/console/package.json clients/console/
RUN npm ci --no-audit --no-fund
COPY server server
COPY clients/shared clients/shared
COPY clients/console clients/console
COPY migrations migrations
COPY schema schema
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/server/package.json server/package.json
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/clients/console/dist clients/console/dist
COPY --from=build /app/migrations migrations
COPY --from=build /app/schema schema
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:4000/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "server/dist/main.js"]
