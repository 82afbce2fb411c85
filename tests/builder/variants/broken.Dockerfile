# A variant that cannot build: its RUN step fails.
FROM node:20-slim
RUN echo "compiling native module" && exit 7
