// Points 1-4 of issue 29 on the reference naive image (node:20, the whole
// context copied, `npm install` with dev dependencies), read from the engine
// with its base named (--base node:20):
// - the computed push size is within 3 % of what `docker push` stored;
// - findings that ask for a Dockerfile change cite only the user's layers,
//   base content goes to the slim-base advice;
// - the app's lockfile categorizes nothing outside its own folder (npm's
//   own packages under /usr/local/lib/node_modules stay `os`);
// - every package entry is a real installed package with one version.
#include <doctest/doctest.h>

#include <cmath>

#include "reference_images.h"

using namespace imgslim::testing;
using namespace imgslim::testing::reference;
using nlohmann::json;

namespace {

// "usr/local/lib/node_modules/npm/node_modules/@npmcli/arborist" -> every
// level between node_modules folders is a package directory ("name",
// "@scope/name") or a store entry (".pnpm/x"), never a folder inside a package.
// An installed package's folder: node_modules/<name>, or an npm alias
// ("wrap-ansi-cjs": "npm:wrap-ansi@7", as pnpm's own bundle installs) whose
// folder is the alias and whose package.json names the package.
bool installed_path(const std::string& path, const std::string& name) {
  const std::string nm = "node_modules/";
  const std::size_t last = path.rfind(nm);
  if (last == std::string::npos) return false;
  const std::string folder = path.substr(last + nm.size());
  const bool alias = folder.find('/') == std::string::npos && folder.starts_with(name.substr(name.find('/') + 1) + "-");
  if (!path.ends_with(nm + name) && !alias) return false;
  std::size_t at = path.find(nm);
  while (at != std::string::npos) {
    const std::size_t start = at + nm.size();
    const std::size_t next = path.find(nm, start);
    if (next == std::string::npos) break;
    std::string level = path.substr(start, next - start - 1);  // without the trailing '/'
    std::size_t slashes = std::count(level.begin(), level.end(), '/');
    bool ok = slashes == 0 || (slashes == 1 && (level.front() == '@' || level.front() == '.'));
    if (!ok) return false;
    at = next;
  }
  return true;
}

}  // namespace

TEST_CASE("reference naive image: push size, findings on the user's layers, packages and lockfile scope") {
  const ReferenceImage img = reference_image("naive");
  const json doc = analyze_json(img.tag, {"--base", "node:20", "--push-size"});

  // Point 1: the computed push size against docker push's blobs.
  std::uint64_t pushed = 0;
  for (const auto& l : img.pushed_manifest["layers"]) pushed += l["size"].get<std::uint64_t>();
  CHECK(doc["compressed_computed"] == true);
  const auto computed = doc["compressed_bytes"].get<std::uint64_t>();
  INFO("computed " << computed << ", pushed " << pushed);
  CHECK(std::fabs(double(computed) - double(pushed)) <= 0.03 * double(pushed));

  // Point 2.
  const std::size_t base = doc["base"]["layers"].get<std::size_t>();
  REQUIRE(base >= 1);
  REQUIRE(base < doc["layers"].size());
  bool slim_base = false, prod_deps = false;
  for (const auto& f : doc["findings"]) {
    INFO(f.dump());
    REQUIRE(!f["layers"].empty());
    if (f["rule"] == "slim-base") {
      slim_base = true;
      for (const auto& l : f["layers"]) CHECK(l.get<std::size_t>() < base);
      continue;
    }
    prod_deps |= f["rule"] == "prod-deps";
    // Cites the user's own layers first, and only them.
    for (const auto& l : f["layers"]) CHECK(l.get<std::size_t>() >= base);
    // Counts only their bytes: no more than those layers hold.
    std::uint64_t in_layers = 0;
    for (const auto& l : f["layers"]) in_layers += doc["layers"][l.get<std::size_t>()]["size_bytes"].get<std::uint64_t>();
    CHECK(f["bytes"].get<std::uint64_t>() <= in_layers);
  }
  CHECK(slim_base);  // node:20's compilers and docs
  CHECK(prod_deps);  // the fixture's compiler, test runner and linter

  // Points 3 and 4.
  std::size_t global = 0, dev = 0;
  for (const auto& p : doc["packages"]) {
    INFO(p.dump());
    const std::string name = p["name"], version = p["version"];
    CHECK(!name.empty());
    CHECK(!version.empty());
    CHECK(version.find(',') == std::string::npos);
    if (p["ecosystem"] != "npm") continue;
    const std::string path = p["path"];
    CHECK(installed_path(path, name));
    if (path.starts_with("usr/local/lib/node_modules/")) {
      ++global;
      CHECK(p["category"] == "os");
      CHECK(p.value("via", "") != "lockfile");
      CHECK(p["layer"].get<std::size_t>() < base);
    }
    if (p["category"] == "dev-deps") {
      ++dev;
      CHECK(path.starts_with("app/node_modules/"));
    }
  }
  CHECK(global > 50);  // npm, corepack and their dependencies
  CHECK(dev >= 3);

  // The text report lists each version on its own.
  auto text = run_imgslim({"analyze", img.tag, "--base", "node:20"});
  REQUIRE(text.exit_code == 0);
  const auto top = text.out.find("Top packages");
  REQUIRE(top != std::string::npos);
  const std::string packages = text.out.substr(top, text.out.find("\n\n", top) - top);
  for (std::size_t at = packages.find('@', 1); at != std::string::npos; at = packages.find('@', at + 1))
    CHECK(packages.substr(at, packages.find(' ', at) - at).find(',') == std::string::npos);
}
