// The default attribution tables. Order matters: the first matching rule
// of a table wins.
#include "analyzers/attribution/category_rules.h"

namespace imgslim::analyzers {
namespace {

using C = Category;

// The same cache under root's and every user's home directory.
void home(std::vector<PathRule>& out, const std::string& sub, const std::string& group, const std::string& rule,
          const std::string& advice, C cat = C::PmCache) {
  out.push_back({"root/" + sub, cat, group, rule, advice});
  out.push_back({"home/*/" + sub, cat, group, rule, advice});
}

std::vector<PathRule> cache_rules() {
  std::vector<PathRule> r;
  const std::string cm = "cache-mounts";
  home(r, ".npm/**", "npm cache", cm,
       "use `RUN --mount=type=cache,target=/root/.npm npm ci` (or `npm cache clean --force` in the same RUN)");
  r.push_back({"usr/local/share/.cache/yarn/**", C::PmCache, "yarn cache", cm,
               "use `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile`"});
  home(r, ".cache/yarn/**", "yarn cache", cm,
       "use `RUN --mount=type=cache,target=/root/.cache/yarn` (or `yarn cache clean` in the same RUN)");
  home(r, ".yarn-cache/**", "yarn cache", cm, "use `RUN --mount=type=cache,target=/root/.yarn-cache`");
  home(r, ".yarn/berry/cache/**", "yarn cache", cm, "use `RUN --mount=type=cache,target=/root/.yarn/berry/cache`");
  home(r, ".local/share/pnpm/store/**", "pnpm store", cm,
       "use `RUN --mount=type=cache,id=pnpm,target=/root/.local/share/pnpm/store pnpm install --frozen-lockfile`");
  home(r, ".cache/pnpm/**", "pnpm store", cm, "use `RUN --mount=type=cache,target=/root/.cache/pnpm`");
  r.push_back({"**/.pnpm-store/**", C::PmCache, "pnpm store", cm,
               "use `RUN --mount=type=cache,id=pnpm,target=/pnpm/store` and `pnpm config set store-dir /pnpm/store`"});
  r.push_back({"pnpm/store/**", C::PmCache, "pnpm store", cm, "use `RUN --mount=type=cache,id=pnpm,target=/pnpm/store`"});
  home(r, ".cache/node/corepack/**", "corepack cache", cm,
       "use `RUN --mount=type=cache,target=/root/.cache/node/corepack` or set COREPACK_HOME in the build stage only");
  home(r, ".cache/node-gyp/**", "node-gyp headers", "multi-stage",
       "build native modules in a build stage and copy only node_modules", C::BuildTooling);
  home(r, ".node-gyp/**", "node-gyp headers", "multi-stage",
       "build native modules in a build stage and copy only node_modules", C::BuildTooling);
  home(r, ".cache/pip/**", "pip cache", cm, "use `pip install --no-cache-dir` or `RUN --mount=type=cache,target=/root/.cache/pip`");
  home(r, ".cache/pypoetry/**", "poetry cache", cm, "use `RUN --mount=type=cache,target=/root/.cache/pypoetry`");
  home(r, ".cache/go-build/**", "go build cache", cm, "use `RUN --mount=type=cache,target=/root/.cache/go-build`");
  home(r, "go/pkg/mod/**", "go module cache", cm, "use `RUN --mount=type=cache,target=/go/pkg/mod` in a build stage");
  r.push_back({"go/pkg/mod/**", C::PmCache, "go module cache", cm,
               "use `RUN --mount=type=cache,target=/go/pkg/mod` in a build stage"});
  home(r, ".cache/**", "~/.cache", cm, "mount ~/.cache as a cache (`RUN --mount=type=cache,target=/root/.cache`)");
  r.push_back({"var/cache/apt/archives/**", C::PmCache, "apt archives", cm,
               "use `RUN --mount=type=cache,target=/var/cache/apt,sharing=locked` or `apt-get clean` in the same RUN"});
  r.push_back({"var/cache/apt/**", C::PmCache, "apt package cache", cm,
               "use `RUN --mount=type=cache,target=/var/cache/apt,sharing=locked` or `apt-get clean` in the same RUN"});
  r.push_back({"var/lib/apt/lists/**", C::PmCache, "apt lists", cm,
               "use `RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked` or `rm -rf /var/lib/apt/lists/*` in the same RUN"});
  r.push_back({"var/cache/apk/**", C::PmCache, "apk cache", cm, "use `apk add --no-cache`"});
  r.push_back({"etc/apk/cache/**", C::PmCache, "apk cache", cm, "use `apk add --no-cache`"});
  r.push_back({"var/cache/debconf/*-old", C::PmCache, "package manager logs", cm, "remove in the same RUN"});
  r.push_back({"var/log/apt/**", C::PmCache, "package manager logs", cm, "remove /var/log/apt in the same RUN"});
  r.push_back({"var/log/dpkg.log", C::PmCache, "package manager logs", cm, "remove /var/log/dpkg.log in the same RUN"});
  r.push_back({"var/log/alternatives.log", C::PmCache, "package manager logs", cm, "remove in the same RUN"});
  r.push_back({"**/node_modules/.cache/**", C::PmCache, "node_modules/.cache", cm,
               "build in a build stage; do not ship node_modules/.cache (babel, webpack, eslint caches)"});
  r.push_back({"tmp/**", C::PmCache, "/tmp leftovers", cm,
               "delete temporary files in the same RUN, or use `RUN --mount=type=tmpfs,target=/tmp`"});
  r.push_back({"var/tmp/**", C::PmCache, "/tmp leftovers", cm,
               "delete temporary files in the same RUN, or use `RUN --mount=type=tmpfs,target=/var/tmp`"});
  return r;
}

std::vector<PathRule> tooling_rules() {
  const std::string ms = "multi-stage", adv = "compile in a build stage and copy only the output into the runtime stage";
  return {
      {"usr/include/**", C::BuildTooling, "headers", ms, adv},
      {"usr/local/include/**", C::BuildTooling, "headers", ms, adv},
      {"usr/lib/gcc/**", C::BuildTooling, "compilers", ms, adv},
      {"usr/libexec/gcc/**", C::BuildTooling, "compilers", ms, adv},
      {"usr/lib/*-linux-gnu/*.a", C::BuildTooling, "static libraries", ms, adv},
      {"usr/lib/*.a", C::BuildTooling, "static libraries", ms, adv},
      {"usr/local/lib/*.a", C::BuildTooling, "static libraries", ms, adv},
      {"**/.git/**", C::BuildTooling, "git metadata", "dockerignore", "add `.git` to .dockerignore"},
  };
}

std::vector<PathRule> os_doc_rules() {
  const std::string d = "docs";
  const std::string dpkg = "install with `--no-install-recommends` and a dpkg `path-exclude` for /usr/share/doc, man, info and locale";
  return {
      {"usr/share/locale/locale.alias", C::Os, "", "", ""},
      {"usr/share/doc/**", C::Docs, "OS docs", d, dpkg},
      {"usr/share/man/**", C::Docs, "man pages", d, dpkg},
      {"usr/share/info/**", C::Docs, "info pages", d, dpkg},
      {"usr/share/locale/**", C::Docs, "locales", d, dpkg},
      {"usr/share/i18n/locales/**", C::Docs, "locales", d, dpkg},
      {"usr/lib/locale/C.*/**", C::Os, "", "", ""},
      {"usr/lib/locale/**", C::Docs, "locales", d, dpkg},
      {"usr/share/lintian/**", C::Docs, "OS docs", d, dpkg},
      {"usr/share/linda/**", C::Docs, "OS docs", d, dpkg},
      {"usr/share/doc-base/**", C::Docs, "OS docs", d, dpkg},
      {"usr/share/gtk-doc/**", C::Docs, "OS docs", d, dpkg},
      {"usr/share/help/**", C::Docs, "OS docs", d, dpkg},
      {"usr/local/share/doc/**", C::Docs, "OS docs", d, "delete /usr/local/share/doc in the build stage"},
      {"usr/local/share/man/**", C::Docs, "man pages", d, "delete /usr/local/share/man in the build stage"},
  };
}

std::vector<PathRule> module_doc_rules() {
  const std::string d = "docs";
  const std::string adv = "delete them from node_modules in the build stage before copying it (e.g. `find node_modules "
                          "\\( -name '*.md' -o -name '*.map' -o -name '*.ts' \\) -delete`)";
  std::vector<PathRule> r;
  for (const char* p : {"README*", "Readme*", "readme*", "CHANGELOG*", "Changelog*", "changelog*", "HISTORY*", "History*",
                        "CHANGES*", "AUTHORS*", "CONTRIBUTING*", "*.md", "*.markdown", "*.mkd"})
    r.push_back({p, C::Docs, "node_modules docs", d, adv});
  for (const char* p : {"docs/**", "doc/**", "example/**", "examples/**", "website/**", ".github/**"})
    r.push_back({p, C::Docs, "node_modules docs", d, adv});
  for (const char* p : {"test/**", "tests/**", "__tests__/**", "**/__tests__/**", "spec/**", "benchmark/**", "benchmarks/**",
                        "coverage/**", ".nyc_output/**"})
    r.push_back({p, C::Docs, "node_modules tests", d, adv});
  for (const char* p : {"*.map"}) r.push_back({p, C::Docs, "source maps", d, adv});
  for (const char* p : {"*.ts", "*.mts", "*.cts", "*.tsx", "*.tsbuildinfo"})
    r.push_back({p, C::Docs, "TypeScript sources", d, adv});
  for (const char* p : {".eslintrc*", ".prettierrc*", ".travis.yml", ".editorconfig", ".npmignore", ".gitattributes",
                        "tsconfig*.json", ".nycrc*", ".babelrc*", "Makefile", "*.gyp", "*.gypi"})
    r.push_back({p, C::Docs, "node_modules dotfiles", d, adv});
  return r;
}

std::vector<PackageRule> package_rules() {
  std::vector<PackageRule> r;
  auto deb = [&](std::initializer_list<const char*> names, const char* group, bool node_only = false) {
    for (auto* n : names) r.push_back({"deb", n, C::BuildTooling, group, node_only});
  };
  auto apk = [&](std::initializer_list<const char*> names, const char* group, bool node_only = false) {
    for (auto* n : names) r.push_back({"apk", n, C::BuildTooling, group, node_only});
  };
  // Runtime libraries whose names look like tooling come first.
  r.push_back({"deb", "gcc-*-base", C::Os, "", false});
  r.push_back({"deb", "libgcc-s*", C::Os, "", false});
  r.push_back({"deb", "libstdc++[0-9]*", C::Os, "", false});
  r.push_back({"apk", "libgcc", C::Os, "", false});
  r.push_back({"apk", "libstdc++", C::Os, "", false});
  deb({"build-essential", "gcc", "gcc-[0-9]*", "g++", "g++-[0-9]*", "cpp", "cpp-[0-9]*", "clang*", "llvm*", "lld*"},
      "compilers");
  deb({"libgcc-*-dev", "libstdc++-*-dev", "libasan*", "liblsan*", "libtsan*", "libubsan*", "libhwasan*", "libitm*",
       "libquadmath*", "libcc1-*", "libisl*", "libmpc*", "libmpfr*", "libgomp*", "libgprofng*", "libctf*", "libsframe*",
       "libjansson*", "libbinutils", "binutils", "binutils-*"},
      "compilers");
  deb({"make", "make-guile", "cmake", "cmake-data", "ninja-build", "autoconf", "automake", "libtool", "m4", "bison", "flex",
       "pkg-config", "pkgconf", "pkgconf-bin", "dpkg-dev", "libdpkg-perl", "patch", "node-gyp"},
      "build tools");
  deb({"libc6-dev", "libc-dev-bin", "linux-libc-dev", "libcrypt-dev", "libnsl-dev", "libtirpc-dev", "rpcsvc-proto",
       "*-dev"},
      "headers");
  deb({"git", "git-man", "liberror-perl", "subversion", "mercurial"}, "version control");
  deb({"python3", "python3-minimal", "python3.*", "libpython3*", "python3-*", "python-is-python3"}, "python (node-gyp)",
      true);
  apk({"build-base", "gcc", "g++", "clang*", "llvm*", "binutils", "isl*", "mpc1", "mpfr*", "libgomp"},
      "compilers");
  apk({"make", "cmake", "samurai", "autoconf", "automake", "libtool", "m4", "bison", "flex", "pkgconf", "patch",
       "fortify-headers"},
      "build tools");
  apk({"musl-dev", "libc-dev", "linux-headers", "*-dev"}, "headers");
  apk({"git", "git-*"}, "version control");
  apk({"python3", "python3-*", "py3-*"}, "python (node-gyp)", true);
  return r;
}

}  // namespace

AttributionRules AttributionRules::defaults() {
  AttributionRules r;
  r.caches = PathRuleSet(cache_rules());
  r.tooling = PathRuleSet(tooling_rules());
  r.os_docs = PathRuleSet(os_doc_rules());
  r.module_docs = PathRuleSet(module_doc_rules());
  r.packages = package_rules();
  return r;
}

}  // namespace imgslim::analyzers
