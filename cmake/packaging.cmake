# `cmake --build BUILD --target package`: a Debian package (CPack's DEB
# generator) holding /usr/bin/imgslim, its man pages and shell completions
# (cmake/install-docs.cmake writes them at install time from the binary).
#
# Depends is computed, not written by hand: dpkg-shlibdeps (dpkg-dev) reads
# the shared libraries the binary links and names the Debian packages that
# ship them, at the versions the build saw (libarchive13, libcurl4, libssl3,
# ...) — the runtime counterparts of the -dev packages in
# scripts/packages/runtime.txt. A hand-kept list would drift from the link
# line; tests/ci/deb_test.cpp checks the computed one covers every library
# of that list the binary needs.
install(CODE "set(IMGSLIM_BINARY \"$<TARGET_FILE:imgslim>\")
set(IMGSLIM_DOCS_TMP \"${CMAKE_BINARY_DIR}/docs-install-tmp\")
include(\"${CMAKE_CURRENT_LIST_DIR}/install-docs.cmake\")")
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/imgslim)

set(IMGSLIM_PACKAGE_MAINTAINER "imgslim maintainers <maintainers@imgslim.invalid>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME imgslim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${IMGSLIM_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "make container images small and keep them small")
set(CPACK_PACKAGE_DESCRIPTION "imgslim analyzes container images (where the bytes are), lints and rewrites
Dockerfiles into slimmer ones, gates image sizes in CI and audits Compose
stacks against the VPS they must fit on.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE https://github.com/imgslim/imgslim)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Registries over HTTPS need the CA bundle; libcurl4 itself only recommends it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS ca-certificates)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "docker.io | podman, bash-completion")
include(CPack)
