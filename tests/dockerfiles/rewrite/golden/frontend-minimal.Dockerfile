# Reference naive frontend image: built with node and served by the
# bundler's dev server from the same full node image.
FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY vendor/ ./vendor/
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build

FROM nginx:stable AS nginx-files
COPY nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/dist /usr/share/nginx/html
RUN sed -i -e '/^user /d' -e 's,^pid .*,pid /tmp/nginx.pid;,' /etc/nginx/nginx.conf \
    && chown -R nginx:nginx /var/cache/nginx
RUN set -e; \
    mkdir -p /rootfs/tmp /rootfs/etc; \
    chmod 1777 /rootfs/tmp; \
    cp --parents "$(command -v nginx)" /rootfs; \
    ldd "$(command -v nginx)" > /tmp/libs; \
    if grep 'not found' /tmp/libs; then exit 1; fi; \
    while read -r a b c rest; do case "$a" in *:) ;; /*) echo "$a" ;; esac; case "$c" in /*) echo "$c" ;; esac; done < /tmp/libs > /tmp/found; \
    sort -u /tmp/found > /tmp/closure; \
    while read -r lib; do cp -L --parents "$lib" /rootfs; done < /tmp/closure; \
    cp -a --parents /etc/nginx /rootfs; \
    cp -a --parents /var/cache/nginx /rootfs; \
    cp -a --parents /var/log/nginx /rootfs; \
    cp -a --parents /usr/share/nginx /rootfs; \
    if [ -f /etc/ld.so.cache ]; then cp /etc/ld.so.cache /rootfs/etc/; fi; \
    if [ -f /etc/ssl/certs/ca-certificates.crt ]; then cp -L --parents /etc/ssl/certs/ca-certificates.crt /rootfs; fi; \
    grep -E '^(root|nginx):' /etc/passwd > /rootfs/etc/passwd; \
    grep -E '^(root|nginx):' /etc/group > /rootfs/etc/group

FROM scratch
COPY --from=nginx-files /rootfs /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
USER nginx
EXPOSE 8080
CMD ["nginx", "-g", "daemon off;"]
STOPSIGNAL SIGQUIT
