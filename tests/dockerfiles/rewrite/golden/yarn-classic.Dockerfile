FROM node:18 AS build
WORKDIR /usr/src/app
COPY package.json yarn.lock ./
# install with yarn (lockfile committed)
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile
COPY . .
ENV PORT=8080

FROM node:18 AS prod-deps
WORKDIR /usr/src/app
COPY package.json yarn.lock ./
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile --production

FROM node:18-slim
ENV NODE_ENV=production
WORKDIR /usr/src/app
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update \
    && apt-get install -y --no-install-recommends dumb-init
COPY --chown=node:node . .
COPY --chown=node:node --from=prod-deps /usr/src/app/node_modules ./node_modules
ENV PORT=8080
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "-e", "require('http').get('http://127.0.0.1:8080/healthz', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"]
ENTRYPOINT ["dumb-init", "--"]
CMD ["node", "index.js"]
