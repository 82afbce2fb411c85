FROM node:20 AS build
WORKDIR /app
COPY package.json yarn.lock ./
COPY packages/api/package.json packages/api/
COPY packages/shared/package.json packages/shared/
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile
COPY . .
RUN yarn build

FROM node:20 AS prod-deps
WORKDIR /app
COPY package.json yarn.lock ./
COPY packages/api/package.json packages/api/
COPY packages/shared/package.json packages/shared/
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile --production

FROM node:20-slim AS node-runtime
RUN rm -rf /usr/local/lib/node_modules /usr/local/include/node /opt/corepack /opt/yarn-* \
        /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn \
        /usr/local/bin/yarnpkg /usr/local/bin/pnpm /usr/local/bin/pnpx

FROM scratch
COPY --from=node-runtime / /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV NODE_ENV=production
WORKDIR /app
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update \
    && apt-get install -y --no-install-recommends dumb-init
COPY --chown=node:node --from=prod-deps /app ./
COPY --chown=node:node --from=build /app/package.json ./
COPY --chown=node:node --from=build /app/packages/api/package.json ./packages/api/
COPY --chown=node:node --from=build /app/packages/api/dist ./packages/api/dist
COPY --chown=node:node --from=build /app/packages/shared/package.json ./packages/shared/
COPY --chown=node:node --from=build /app/packages/shared/lib ./packages/shared/lib
USER node
EXPOSE 4000
ENTRYPOINT ["dumb-init", "--"]
CMD ["node", "packages/api/dist/index.js"]
