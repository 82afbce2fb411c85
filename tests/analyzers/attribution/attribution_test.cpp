#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "analyzers/report/attribution_report.h"
#include "analyzers/attribution/rules_config.h"
#include "support/error.h"
#include "synthetic_image.h"

using namespace imgslim::analyzers;
using imgslim::analyzers::testing::SyntheticLayer;

namespace {

const PackageAttribution* find_pkg(const Attribution& a, const std::string& eco, const std::string& name,
                                   const std::string& path = "") {
  for (auto& p : a.packages)
    if (p.ecosystem == eco && p.name == name && (path.empty() || p.path == path)) return &p;
  return nullptr;
}

const Finding* find_finding(const Attribution& a, const std::string& rule, const std::string& text = "") {
  for (auto& f : a.findings)
    if (f.rule == rule && f.message.find(text) != std::string::npos) return &f;
  return nullptr;
}

std::string pkg_json(const std::string& name, const std::string& version, const std::string& deps = "{}") {
  return R"({"name": ")" + name + R"(", "version": ")" + version + R"(", "dependencies": )" + deps + "}";
}

// A naive Node image: Debian-ish base with a compiler, apt leftovers, the
// app copied in, `npm install` (dev deps + npm cache), a build, and a late
// `rm` of the apt lists that only hides them.
struct NaiveNodeImage {
  std::string status =
      "Package: libc6\nStatus: install ok installed\nVersion: 2.36\n\n"
      "Package: gcc-12\nStatus: install ok installed\nVersion: 12.2.0\n\n"
      "Package: libstdc++6\nStatus: install ok installed\nVersion: 12.2.0\n";
  std::string libc_list = "/.\n/usr/lib/x86_64-linux-gnu/libc.so.6\n/usr/share/doc/libc6/copyright\n";
  std::string gcc_list = "/usr/bin/gcc-12\n/usr/share/man/man1/gcc-12.1.gz\n";
  std::string root_pkg = R"({"name": "app", "version": "1.0.0", "dependencies": {"express": "^4"},
                             "devDependencies": {"jest": "^29", "@types/node": "^20"}})";
  std::string lock = R"({"lockfileVersion": 3, "packages": {
      "": {"dependencies": {"express": "^4"}, "devDependencies": {"jest": "^29", "@types/node": "^20"}},
      "node_modules/express": {"version": "4.18.2", "dependencies": {"debug": "2"}},
      "node_modules/express/node_modules/debug": {"version": "2.6.9"},
      "node_modules/jest": {"version": "29.7.0", "dev": true, "dependencies": {"ms": "2"}},
      "node_modules/ms": {"version": "2.1.3", "dev": true},
      "node_modules/@types/node": {"version": "20.0.0", "dev": true}}})";
  std::string tsconfig = R"({"compilerOptions": {"outDir": "dist"}})";
  std::string express_pj = pkg_json("express", "4.18.2", R"({"debug": "2"})");
  std::string debug_pj = pkg_json("debug", "2.6.9");
  std::string jest_pj = pkg_json("jest", "29.7.0", R"({"ms": "2"})");
  std::string ms_pj = pkg_json("ms", "2.1.3");
  std::string types_pj = pkg_json("@types/node", "20.0.0");
  std::string hidden_lock = "{}";

  std::vector<SyntheticLayer> layers;
  NaiveNodeImage() {
    layers.emplace_back("/bin/sh -c #(nop) ADD file:0123 in / ");
    layers.back()
        .file("var/lib/dpkg/status", status)
        .file("var/lib/dpkg/info/libc6.list", libc_list)
        .file("var/lib/dpkg/info/gcc-12.list", gcc_list)
        .sized("usr/lib/x86_64-linux-gnu/libc.so.6", 1000)
        .sized("usr/share/doc/libc6/copyright", 100)
        .sized("usr/bin/gcc-12", 3000)
        .sized("usr/share/man/man1/gcc-12.1.gz", 200)
        .sized("usr/include/stdio.h", 50)
        .sized("usr/share/locale/de/LC_MESSAGES/x.mo", 70)
        .sized("usr/local/bin/node", 5000)
        .sized("etc/passwd", 30);
    layers.emplace_back("RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit");
    layers.back().sized("var/lib/apt/lists/deb_Packages", 5000).sized("var/cache/apt/archives/curl.deb", 800);
    layers.emplace_back("COPY . . # buildkit");
    layers.back()
        .file("app/package.json", root_pkg)
        .file("app/package-lock.json", lock)
        .file("app/tsconfig.json", tsconfig)
        .sized("app/src/index.ts", 400)
        .sized("app/server.js", 600);
    layers.emplace_back("RUN /bin/sh -c npm install # buildkit");
    layers.back()
        .file("app/node_modules/.package-lock.json", hidden_lock)
        .file("app/node_modules/express/package.json", express_pj)
        .sized("app/node_modules/express/index.js", 1000)
        .sized("app/node_modules/express/README.md", 100)
        .file("app/node_modules/express/node_modules/debug/package.json", debug_pj)
        .sized("app/node_modules/express/node_modules/debug/src/index.js", 300)
        .file("app/node_modules/jest/package.json", jest_pj)
        .sized("app/node_modules/jest/build/jest.js", 2000)
        .sized("app/node_modules/jest/README.md", 50)
        .file("app/node_modules/ms/package.json", ms_pj)
        .sized("app/node_modules/ms/index.js", 150)
        .file("app/node_modules/@types/node/package.json", types_pj)
        .sized("app/node_modules/@types/node/index.d.ts", 500)
        .symlink("app/node_modules/.bin/jest", "../jest/bin/jest.js")
        .sized("root/.npm/_cacache/content-v2/sha512/aa/bb", 4000)
        .sized("root/.npm/_logs/debug.log", 10);
    layers.emplace_back("RUN /bin/sh -c npm run build # buildkit");
    layers.back().sized("app/dist/index.js", 300).sized("tmp/build.log", 20);
    layers.emplace_back("RUN /bin/sh -c rm -rf /var/lib/apt/lists/* # buildkit");
    layers.back().whiteout("var/lib/apt/lists/deb_Packages");
  }
};

}  // namespace

TEST_CASE("attribution: naive node image, exact bytes per category and package") {
  NaiveNodeImage img;
  ImageScan scan = testing::assemble(img.layers, "/app");
  Attribution a = attribute(scan, AttributionRules::defaults());
  CHECK(testing::categories_add_up(a, scan));
  CHECK(a.notes.empty());

  CHECK(a[Category::DevDeps].bytes == img.jest_pj.size() + 2000 + 50 + img.ms_pj.size() + 150 + img.types_pj.size() + 500);
  CHECK(a[Category::RuntimeDeps].bytes ==
        img.hidden_lock.size() + img.express_pj.size() + 1000 + img.debug_pj.size() + 300);
  CHECK(a[Category::Docs].bytes == 100 /*express README*/ + 100 /*libc6 copyright*/ + 70 /*locale*/);
  CHECK(a[Category::PmCache].bytes == 800 + 4000 + 10 + 20);
  CHECK(a[Category::BuildTooling].bytes == 3000 + 200 /*gcc man page: the package*/ + 50 + 400 /*TS source*/);
  CHECK(a[Category::App].bytes == img.root_pkg.size() + img.lock.size() + img.tsconfig.size() + 600 + 300);
  CHECK(a[Category::Wasted].bytes == 5000);
  CHECK(a[Category::Os].bytes == img.status.size() + img.libc_list.size() + img.gcc_list.size() + 1000 + 5000 + 30);
  CHECK(a[Category::DevDeps].layer_bytes[3] == a[Category::DevDeps].bytes);
  CHECK(a[Category::Wasted].layer_bytes[1] == 5000);

  const PackageAttribution* express = find_pkg(a, "npm", "express");
  REQUIRE(express);
  CHECK(express->category == Category::RuntimeDeps);
  CHECK(express->bytes == img.express_pj.size() + 1000 + 100);
  CHECK(express->version == "4.18.2");
  CHECK(express->layer == 3);
  const PackageAttribution* debug = find_pkg(a, "npm", "debug");
  REQUIRE(debug);
  CHECK(debug->category == Category::RuntimeDeps);
  CHECK(debug->path == "app/node_modules/express/node_modules/debug");
  const PackageAttribution* ms = find_pkg(a, "npm", "ms");
  REQUIRE(ms);
  CHECK(ms->category == Category::DevDeps);
  CHECK(ms->bytes == img.ms_pj.size() + 150);
  const PackageAttribution* jest = find_pkg(a, "npm", "jest");
  REQUIRE(jest);
  CHECK(jest->bytes == img.jest_pj.size() + 2000 + 50);
  CHECK(find_pkg(a, "npm", "@types/node")->category == Category::DevDeps);
  const PackageAttribution* gcc = find_pkg(a, "deb", "gcc-12");
  REQUIRE(gcc);
  CHECK(gcc->category == Category::BuildTooling);
  CHECK(gcc->bytes == 3200);
  const PackageAttribution* libc = find_pkg(a, "deb", "libc6");
  REQUIRE(libc);
  CHECK(libc->category == Category::Os);
  CHECK(libc->bytes == 1100);
  CHECK(find_pkg(a, "deb", "libstdc++6") == nullptr);  // owns no file present

  const Finding* prod = find_finding(a, "prod-deps");
  REQUIRE(prod);
  CHECK(prod->bytes == a[Category::DevDeps].bytes);
  CHECK(prod->message.find("npm ci --omit=dev") != std::string::npos);
  CHECK(prod->message.find("jest") != std::string::npos);
  CHECK(prod->message.find("layer 3 `RUN npm install`") != std::string::npos);
  const Finding* npm_cache = find_finding(a, "cache-mounts", "npm cache");
  REQUIRE(npm_cache);
  CHECK(npm_cache->bytes == 4010);
  CHECK(npm_cache->message.find("--mount=type=cache,target=/root/.npm") != std::string::npos);
  CHECK(find_finding(a, "cache-mounts", "apt archives"));
  CHECK_FALSE(find_finding(a, "cache-mounts", "apt lists"));  // deleted: counted as wasted
  const Finding* wasted = find_finding(a, "multi-stage", "deleted or overwritten");
  REQUIRE(wasted);
  CHECK(wasted->bytes == 5000);
  CHECK(find_finding(a, "docs"));
  CHECK(a.lockfiles == std::vector<std::string>{"app/package-lock.json (npm-v3)"});
}

TEST_CASE("attribution: JSON keys and text section") {
  NaiveNodeImage img;
  ImageScan scan = testing::assemble(img.layers, "/app");
  Attribution a = attribute(scan, AttributionRules::defaults());
  nlohmann::json j = nlohmann::json::object();
  add_attribution_json(j, a);
  for (const char* id : {"app", "runtime-deps", "dev-deps", "pm-cache", "build-tooling", "docs", "os", "wasted"}) {
    REQUIRE(j["categories"].contains(id));
    CHECK(j["categories"][id].contains("bytes"));
    CHECK(j["categories"][id].contains("files"));
    CHECK(j["categories"][id]["layers"].is_array());
  }
  CHECK(j["categories"]["dev-deps"]["layers"][0]["index"] == 3);
  REQUIRE(j["packages"].is_array());
  for (auto& p : j["packages"])
    for (const char* k : {"ecosystem", "name", "version", "bytes", "category", "layer"}) CHECK(p.contains(k));
  REQUIRE(j["findings"].is_array());
  CHECK(j["findings"][0].contains("rule"));
  CHECK(j["findings"][0].contains("bytes"));
  CHECK(j["findings"][0].contains("message"));
  std::string text = render_attribution_text(a);
  CHECK(text.find("dev-deps") != std::string::npos);
  CHECK(text.find("jest@29.7.0 (npm)") != std::string::npos);
  CHECK(text.find("[prod-deps]") != std::string::npos);
}

TEST_CASE("attribution: config rules override the tables") {
  NaiveNodeImage img;
  ImageScan scan = testing::assemble(img.layers, "/app");
  AttributionRules rules = AttributionRules::defaults();
  apply_rules_config(rules,
                     "budgets: []\nattribution:\n  rules:\n    - path: /usr/local/bin/node\n      category: runtime-deps\n"
                     "    - package: gcc-*\n      ecosystem: deb\n      category: os\n",
                     ".imgslim.yaml");
  Attribution a = attribute(scan, rules);
  CHECK(testing::categories_add_up(a, scan));
  CHECK(a[Category::BuildTooling].bytes == 50 + 400);
  CHECK(find_pkg(a, "deb", "gcc-12")->category == Category::Os);
  CHECK(a[Category::RuntimeDeps].bytes == img.hidden_lock.size() + img.express_pj.size() + 1000 + img.debug_pj.size() + 300 + 5000);

  AttributionRules bad = AttributionRules::defaults();
  CHECK_THROWS_WITH_AS(apply_rules_config(bad, "attribution:\n  rules:\n    - path: x\n      category: junk\n", "c.yaml"),
                       "c.yaml: attribution.rules[0]: unknown category 'junk'", imgslim::Error);
  CHECK_THROWS_AS(apply_rules_config(bad, "attribution:\n  rules:\n    - path: x\n      category: wasted\n", "c.yaml"),
                  imgslim::Error);
}

TEST_CASE("attribution: pnpm layout, symlinks and a distroless status.d") {
  std::vector<SyntheticLayer> layers;
  layers.emplace_back("ADD rootfs in / ");
  std::string st = "Package: libssl3\nVersion: 3.0.11\nArchitecture: amd64\n";
  layers.back()
      .file("var/lib/dpkg/status.d/libssl3", st)
      .file("var/lib/dpkg/status.d/libssl3.md5sums", "0123456789abcdef0123456789abcdef  usr/lib/libssl.so.3\n")
      .sized("usr/lib/libssl.so.3", 700)
      .sized("usr/share/doc/libssl3/copyright", 40);
  std::string root = R"({"name":"web","dependencies":{"express":"4"},"devDependencies":{"vite":"5"}})";
  std::string ex = pkg_json("express", "4.18.2", R"({"ms":"2"})");
  std::string ms = pkg_json("ms", "2.1.3");
  std::string vite = pkg_json("vite", "5.0.0", R"({"ms":"2", "rollup":"4"})");
  std::string rollup = pkg_json("rollup", "4.0.0");
  layers.emplace_back("RUN pnpm install");
  layers.back()
      .file("srv/package.json", root)
      .symlink("srv/node_modules/express", ".pnpm/express@4.18.2/node_modules/express")
      .symlink("srv/node_modules/vite", ".pnpm/vite@5.0.0/node_modules/vite")
      .file("srv/node_modules/.pnpm/express@4.18.2/node_modules/express/package.json", ex)
      .sized("srv/node_modules/.pnpm/express@4.18.2/node_modules/express/index.js", 1000)
      .symlink("srv/node_modules/.pnpm/express@4.18.2/node_modules/ms", "../../ms@2.1.3/node_modules/ms")
      .file("srv/node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json", ms)
      .sized("srv/node_modules/.pnpm/ms@2.1.3/node_modules/ms/index.js", 100)
      .file("srv/node_modules/.pnpm/vite@5.0.0/node_modules/vite/package.json", vite)
      .sized("srv/node_modules/.pnpm/vite@5.0.0/node_modules/vite/dist/vite.js", 3000)
      .sized("srv/node_modules/.pnpm/vite@5.0.0/node_modules/vite/dist/vite.js.map", 900)
      .symlink("srv/node_modules/.pnpm/vite@5.0.0/node_modules/ms", "../../ms@2.1.3/node_modules/ms")
      .symlink("srv/node_modules/.pnpm/vite@5.0.0/node_modules/rollup", "../../rollup@4.0.0/node_modules/rollup")
      .file("srv/node_modules/.pnpm/rollup@4.0.0/node_modules/rollup/package.json", rollup)
      .sized("srv/node_modules/.pnpm/rollup@4.0.0/node_modules/rollup/dist/rollup.js", 2000)
      .sized("srv/node_modules/.pnpm/lock.yaml", 60)
      .sized("root/.local/share/pnpm/store/v3/files/00/abc", 1234);
  ImageScan scan = testing::assemble(layers, "/srv");
  Attribution a = attribute(scan, AttributionRules::defaults());
  CHECK(testing::categories_add_up(a, scan));
  CHECK(a[Category::DevDeps].bytes == vite.size() + 3000 + 900 + rollup.size() + 2000);
  CHECK(a[Category::RuntimeDeps].bytes == ex.size() + 1000 + ms.size() + 100 + 60);
  CHECK(a[Category::PmCache].bytes == 1234);
  CHECK(a[Category::Docs].bytes == 40);
  CHECK(a[Category::App].bytes == root.size());
  const PackageAttribution* ssl = find_pkg(a, "deb", "libssl3");
  REQUIRE(ssl);
  CHECK(ssl->bytes == 700);
  CHECK(ssl->version == "3.0.11");
  CHECK(find_finding(a, "cache-mounts", "pnpm store"));
}

TEST_CASE("attribution: alpine apk database with build-base") {
  std::vector<SyntheticLayer> layers;
  layers.emplace_back("ADD alpine-minirootfs.tar.gz in / ");
  std::string db0 = "P:musl\nV:1.2.4\nF:lib\nR:libc.musl.so\n";
  layers.back().file("lib/apk/db/installed", db0).sized("lib/libc.musl.so", 600);
  std::string db1 = db0 + "\nP:gcc\nV:13.2\nF:usr/bin\nR:gcc\n\nP:musl-dev\nV:1.2.4\nF:usr/include\nR:stdio.h\n";
  layers.emplace_back("RUN apk add build-base");
  layers.back()
      .file("lib/apk/db/installed", db1)
      .sized("usr/bin/gcc", 4000)
      .sized("usr/include/stdio.h", 80)
      .sized("var/cache/apk/APKINDEX.tar.gz", 500);
  ImageScan scan = testing::assemble(layers);
  Attribution a = attribute(scan, AttributionRules::defaults());
  CHECK(testing::categories_add_up(a, scan));
  CHECK(a[Category::Wasted].bytes == db0.size());  // the first db was overwritten
  CHECK(a[Category::BuildTooling].bytes == 4080);
  CHECK(a[Category::PmCache].bytes == 500);
  CHECK(a[Category::Os].bytes == 600 + db1.size());
  CHECK(find_pkg(a, "apk", "gcc")->category == Category::BuildTooling);
  CHECK(find_pkg(a, "apk", "musl-dev")->bytes == 80);
  const Finding* ms = find_finding(a, "multi-stage", "build tooling");
  REQUIRE(ms);
  CHECK(ms->bytes == 4080);
  CHECK(ms->message.find("apk add build-base") != std::string::npos);
  CHECK(find_finding(a, "cache-mounts", "apk cache")->message.find("--no-cache") != std::string::npos);
}
