FROM node:20-bookworm AS build
RUN corepack enable
WORKDIR /srv
COPY package.json pnpm-lock.yaml ./
RUN --mount=type=cache,target=/root/.local/share/pnpm/store pnpm install --frozen-lockfile
COPY . .
RUN pnpm build

FROM node:20-bookworm AS prod-deps
RUN corepack enable
WORKDIR /srv
COPY package.json pnpm-lock.yaml ./
RUN --mount=type=cache,target=/root/.local/share/pnpm/store pnpm install --prod --frozen-lockfile

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /srv
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update \
    && apt-get install -y --no-install-recommends dumb-init
COPY --chown=node:node --from=prod-deps /srv/node_modules ./node_modules
COPY --chown=node:node --from=build /srv/package.json ./
COPY --chown=node:node --from=build /srv/dist ./dist
USER node
EXPOSE 4000
ENV NODE_OPTIONS=--enable-source-maps
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "-e", "require('http').get('http://127.0.0.1:4000/api/health', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"]
ENTRYPOINT ["dumb-init", "--"]
CMD ["node", "dist/main.js"]
