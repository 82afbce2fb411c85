FROM node:18
WORKDIR /app
RUN npm install -g pm2
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn build
EXPOSE 5000
CMD ["pm2-runtime", "dist/main.js"]
