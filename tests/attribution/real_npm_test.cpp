// Real content: packages packed with the real `npm pack`, installed by the
// real `npm ci --offline` from local file: tarballs; the installed tree is
// fed through the real LayerScanner as an image layer. The expected dev-only
// bytes are computed independently: npm's own lockfile `dev` flags and a
// du-style walk of the installed tree.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

#include "synthetic_image.h"

namespace fs = std::filesystem;
using namespace imgslim::analyzers;

namespace {

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string read(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void run(const std::string& cmd) {
  INFO(cmd);
  REQUIRE(std::system(cmd.c_str()) == 0);
}

// A package with `files` files of `size` bytes each, a README and the given deps.
void make_package(const fs::path& root, const std::string& name, const std::string& deps, int files, std::size_t size) {
  fs::path dir = root / "src" / name;
  write(dir / "package.json",
        R"({"name": ")" + name + R"(", "version": "1.0.0", "main": "index.js", "dependencies": )" + deps + "}");
  write(dir / "index.js", "module.exports = '" + name + "';\n");
  write(dir / "README.md", std::string(700, 'r'));
  for (int i = 0; i < files; ++i) write(dir / "lib" / ("f" + std::to_string(i) + ".js"), std::string(size, 'a' + i % 26));
  run("cd '" + dir.string() + "' && npm pack --silent --pack-destination '" + (root / "app" / "vendor").string() +
      "' >/dev/null");
}

class FileContent : public imgslim::oci::EntryContent {
 public:
  explicit FileContent(const fs::path& p) : f_(p, std::ios::binary) {}
  std::size_t read(void* buf, std::size_t n) override {
    f_.read(static_cast<char*>(buf), static_cast<std::streamsize>(n));
    return static_cast<std::size_t>(f_.gcount());
  }

 private:
  std::ifstream f_;
};

}  // namespace

TEST_CASE("attribution: real npm ci install, dev-only bytes match lockfile + du") {
  fs::path root = fs::temp_directory_path() / ("imgslim-attrib-npm-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "app" / "vendor");
  make_package(root, "shared", "{}", 3, 4000);
  make_package(root, "prod-a", R"({"shared": "^1.0.0"})", 4, 5000);
  make_package(root, "dev-c", "{}", 5, 6000);
  make_package(root, "dev-b", R"({"dev-c": "^1.0.0", "shared": "^1.0.0"})", 6, 7000);
  // `shared` is listed as a devDependency but prod-a needs it at run time:
  // it must count as runtime-deps whatever flag one looks at first.
  write(root / "app" / "package.json", R"({"name": "app", "version": "1.0.0",
    "dependencies": {"prod-a": "file:vendor/prod-a-1.0.0.tgz"},
    "devDependencies": {"dev-b": "file:vendor/dev-b-1.0.0.tgz", "dev-c": "file:vendor/dev-c-1.0.0.tgz",
                        "shared": "file:vendor/shared-1.0.0.tgz"}})");
  write(root / "app" / "server.js", "require('prod-a');\n");
  std::string npm_env = "npm_config_cache='" + (root / "cache").string() + "' npm_config_audit=false npm_config_fund=false "
                        "npm_config_update_notifier=false ";
  run("cd '" + (root / "app").string() + "' && " + npm_env + "npm install --package-lock-only --offline --silent >/dev/null");
  run("cd '" + (root / "app").string() + "' && " + npm_env + "npm ci --offline --silent >/dev/null");

  // Independent figure: lockfile dev flags + du of the installed files.
  auto lock = nlohmann::json::parse(read(root / "app" / "package-lock.json"));
  std::map<std::string, bool> dev_by_path;
  for (auto& [path, entry] : lock["packages"].items())
    if (path.starts_with("node_modules/")) dev_by_path[path] = entry.value("dev", false);
  std::uint64_t expected_dev = 0;
  fs::path app = root / "app";
  for (auto& e : fs::recursive_directory_iterator(app / "node_modules")) {
    if (!e.is_regular_file() || e.is_symlink()) continue;
    std::string rel = fs::relative(e.path(), app).generic_string();
    std::string owner;
    for (auto& [p, dev] : dev_by_path)
      if (rel.starts_with(p + "/") && p.size() > owner.size()) owner = p;
    if (!owner.empty() && dev_by_path[owner]) expected_dev += e.file_size();
  }
  REQUIRE(dev_by_path.at("node_modules/shared") == false);
  REQUIRE(expected_dev > 6 * 7000 + 5 * 6000);

  // The installed tree as an image layer under /app.
  std::vector<std::pair<std::string, fs::path>> entries;
  for (auto& e : fs::recursive_directory_iterator(app)) entries.push_back({"app/" + fs::relative(e.path(), app).generic_string(), e.path()});
  std::sort(entries.begin(), entries.end());
  LayerScanner base(attribution_capture());
  LayerScanner install(attribution_capture());
  for (auto& [path, p] : entries) {
    auto st = fs::symlink_status(p);
    bool in_modules = path.starts_with("app/node_modules");
    LayerScanner& s = in_modules ? install : base;
    if (fs::is_symlink(st)) {
      s.visit({path, imgslim::oci::EntryType::Symlink, 0, 0777, 0, 0, 0, fs::read_symlink(p).string()}, nullptr);
    } else if (fs::is_directory(st)) {
      s.visit({path, imgslim::oci::EntryType::Directory, 0, 0755, 0, 0, 0, ""}, nullptr);
    } else {
      FileContent c(p);
      s.visit({path, imgslim::oci::EntryType::File, static_cast<std::int64_t>(fs::file_size(p)), 0644, 0, 0, 0, ""}, &c);
    }
  }
  std::vector<LayerScan> scans;
  scans.push_back(base.take());
  scans.push_back(install.take());
  std::vector<LayerSummary> summaries(2);
  summaries[0].created_by = "COPY . /app # buildkit";
  summaries[1].created_by = "RUN /bin/sh -c npm ci --offline # buildkit";
  ImageScan scan = assemble_scan(std::move(scans), std::move(summaries));
  scan.config.working_dir = "/app";
  Attribution a = attribute(scan, AttributionRules::defaults());
  CHECK(testing::categories_add_up(a, scan));
  CHECK(a[Category::DevDeps].bytes == expected_dev);
  for (auto& p : a.packages) {
    if (p.name == "shared") CHECK(p.category == Category::RuntimeDeps);
    if (p.name == "dev-b" || p.name == "dev-c") CHECK(p.category == Category::DevDeps);
  }
  CHECK(a.lockfiles.front() == "app/package-lock.json (npm-v3)");
  fs::remove_all(root);
}
