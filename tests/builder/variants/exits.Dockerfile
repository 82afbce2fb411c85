# A variant that builds but whose container stops at once.
FROM node:20-slim
EXPOSE 3000
CMD ["node", "-e", "console.error('missing DATABASE_URL'); process.exit(3)"]
