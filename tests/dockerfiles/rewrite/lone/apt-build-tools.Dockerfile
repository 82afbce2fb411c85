FROM node:20
RUN apt-get update && apt-get install -y python3 make g++ git curl ffmpeg
WORKDIR /app
COPY . .
RUN npm ci
RUN npm run build
CMD ["node", "dist/index.js"]
