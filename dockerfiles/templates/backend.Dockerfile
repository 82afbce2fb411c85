# Reference naive backend image (the style of the users' current setup):
# one stage on the full node image, the whole context copied, dev
# dependencies and the npm cache shipped, npm as PID 1, running as root.
FROM node:20
WORKDIR /app
COPY . .
RUN npm install
RUN npm run build
EXPOSE 3000
CMD ["npm", "start"]
