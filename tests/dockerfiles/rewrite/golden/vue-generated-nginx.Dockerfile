FROM node:18-alpine AS build
WORKDIR /app
COPY package.json yarn.lock ./
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile
COPY . .
ENV VUE_APP_API=/api
RUN yarn build

FROM nginx:stable
RUN printf '%s\n' \
        'server {' \
        '    listen 8080;' \
        '    listen [::]:8080;' \
        '    server_name _;' \
        '    root /usr/share/nginx/html;' \
        '    index index.html;' \
        '    gzip on;' \
        '    gzip_vary on;' \
        '    gzip_min_length 256;' \
        '    gzip_types text/plain text/css text/javascript application/javascript application/json application/manifest+json application/xml image/svg+xml;' \
        '    location ~ ^/(js|css|img|fonts)/ {' \
        '        add_header Cache-Control "public, max-age=31536000, immutable";' \
        '        try_files $uri =404;' \
        '    }' \
        '    location / {' \
        '        add_header Cache-Control "no-cache";' \
        '        try_files $uri $uri/ /index.html;' \
        '    }' \
        '}' \
        > /etc/nginx/conf.d/default.conf
COPY --from=build /app/public-dist /usr/share/nginx/html
RUN sed -i -e '/^user /d' -e 's,^pid .*,pid /tmp/nginx.pid;,' /etc/nginx/nginx.conf \
    && chown -R nginx:nginx /var/cache/nginx
USER nginx
EXPOSE 8080
