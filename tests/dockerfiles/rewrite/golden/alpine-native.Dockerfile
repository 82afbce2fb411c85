FROM node:20-alpine AS build
RUN --mount=type=cache,target=/etc/apk/cache,sharing=locked apk add python3 make g++ curl tzdata
WORKDIR /app
COPY package*.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY src ./src

FROM node:20-alpine AS prod-deps
RUN --mount=type=cache,target=/etc/apk/cache,sharing=locked apk add python3 make g++ curl tzdata
WORKDIR /app
COPY package*.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

FROM node:20-alpine
ENV NODE_ENV=production
RUN --mount=type=cache,target=/etc/apk/cache,sharing=locked apk add dumb-init
RUN --mount=type=cache,target=/etc/apk/cache,sharing=locked apk add curl tzdata
WORKDIR /app
COPY --chown=node:node package*.json ./
COPY --chown=node:node src ./src
COPY --chown=node:node --from=prod-deps /app/node_modules ./node_modules
USER node
EXPOSE 3000
HEALTHCHECK CMD curl -fs http://localhost:3000/health || exit 1
ENTRYPOINT ["dumb-init", "--"]
CMD ["node", "src/server.js"]
