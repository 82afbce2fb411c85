# Reference naive backend image (the style of the users' current setup):
# one stage on the full node image, the whole context copied, dev
# dependencies and the npm cache shipped, npm as PID 1, running as root.
FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY vendor/ ./vendor/
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build

FROM node:20 AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY vendor/ ./vendor/
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=imgslim/dumb-init:1 /usr/bin/dumb-init /usr/bin/dumb-init
COPY --chown=node:node --from=prod-deps /app/node_modules ./node_modules
COPY --chown=node:node --from=build /app/package.json ./
COPY --chown=node:node --from=build /app/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "-e", "require('http').get('http://127.0.0.1:3000/health', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"]
ENTRYPOINT ["dumb-init", "--"]
CMD ["node", "dist/server.js"]
