FROM node:lts
COPY . .
RUN npm i
ENV PORT=8080
EXPOSE 8080
ENTRYPOINT ["npm", "run", "start:prod"]
