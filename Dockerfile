# imgslim's own image: compiled in a local C++ build base, shipped FROM scratch
# with only the binary, the shared libraries it loads, dumb-init, the CA bundle
# and an unprivileged user. Builds without network:
#   bash scripts/bases/build-cxx.sh      # imgslim/build-cxx:bookworm, from this machine's Debian packages
#   DOCKER_BUILDKIT=1 docker build --network none -t imgslim:local \
#     --build-arg IMGSLIM_GIT_COMMIT="$(git describe --always --dirty --abbrev=12)" .
# The budget it must meet is Dockerfile.budget.yaml (tests/ci/own_image_test.cpp).
FROM imgslim/build-cxx:bookworm AS build
WORKDIR /src
COPY . .
ARG IMGSLIM_GIT_COMMIT=
# Release at -O2 as scripts/setup.sh builds it (unity-built libraries, the
# imgslim target alone); ccache keeps its objects in a cache mount, bounded so
# the engine's build cache does not grow without end, and a rebuild compiles
# only the batches whose sources changed.
ENV CCACHE_DIR=/ccache CCACHE_MAXSIZE=500M
RUN --mount=type=cache,target=/ccache \
    cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
      -DIMGSLIM_TESTS=OFF -DIMGSLIM_GIT_COMMIT="$IMGSLIM_GIT_COMMIT" >/dev/null \
 && cmake --build /build -j"$(nproc)" --target imgslim \
 && install -D -s -m 0755 /build/imgslim /usr/local/bin/imgslim \
 && sh scripts/image/rootfs.sh /rootfs /usr/local/bin/imgslim /usr/bin/dumb-init

FROM scratch
COPY --from=build /rootfs /
USER 10001:10001
ENTRYPOINT ["/usr/bin/dumb-init", "--", "/usr/local/bin/imgslim"]
CMD ["--help"]
