# Atrium's web process. Sandboxes run as sibling containers on the Docker engine it is given.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/start.mjs --build-only

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOST=0.0.0.0
COPY --from=build /app /app
EXPOSE 3000
# `node scripts/start.mjs` rather than `npm start`: signals from `docker stop` reach Atrium directly.
CMD ["node", "scripts/start.mjs"]
