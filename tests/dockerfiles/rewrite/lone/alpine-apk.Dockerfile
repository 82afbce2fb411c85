FROM node:20-alpine
RUN apk add --update python3 make g++ && rm -rf /var/cache/apk/*
WORKDIR /home/node/app
COPY package.json package-lock.json ./
RUN npm install
COPY . .
EXPOSE 3000
CMD node server.js
