# Reference naive frontend image: built with node and served by the
# bundler's dev server from the same full node image.
FROM node:20
WORKDIR /app
COPY . .
RUN npm install
RUN npm run build
EXPOSE 5173
CMD ["npm", "run", "dev"]
