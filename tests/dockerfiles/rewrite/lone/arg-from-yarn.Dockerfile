ARG NODE_VERSION=20
FROM node:${NODE_VERSION}-bullseye
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install
COPY . .
RUN yarn build
EXPOSE 3000
CMD ["yarn", "start"]
