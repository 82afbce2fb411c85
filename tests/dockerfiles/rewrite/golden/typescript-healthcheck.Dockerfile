ARG NODE_VERSION=20
FROM node:${NODE_VERSION} AS build


# System packages: git for a git dependency, curl for the health check.
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update \
    && apt-get install -y --no-install-recommends git curl ca-certificates

WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build

ENV PORT=7000 \
    LOG_LEVEL=info

FROM node:${NODE_VERSION} AS prod-deps
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update \
    && apt-get install -y --no-install-recommends git curl ca-certificates
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

FROM node:${NODE_VERSION}-slim
ENV NODE_ENV=production
LABEL org.opencontainers.image.source="https://example.com/orders"
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update \
    && apt-get install -y --no-install-recommends dumb-init
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates
WORKDIR /app
COPY --chown=node:node --from=prod-deps /app/node_modules ./node_modules
COPY --chown=node:node --from=build /app/package.json ./
COPY --chown=node:node --from=build /app/build ./build
ENV PORT=7000 \
    LOG_LEVEL=info
RUN mkdir -p /app/uploads && chown node:node /app/uploads
USER node
EXPOSE 7000
VOLUME /app/uploads
STOPSIGNAL SIGINT
HEALTHCHECK --interval=10s CMD curl -fs http://localhost:7000/status || exit 1
ENTRYPOINT ["dumb-init", "--"]
CMD ["node", "build/index.js"]
