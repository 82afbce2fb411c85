// A small npm app for the real-content attribution tests: packages packed
// with the real `npm pack`, a lockfile from the real `npm install
// --package-lock-only`, all offline from local file: tarballs; and the
// independent dev-only figure (npm's lockfile `dev` flags + a du-style walk).
#pragma once
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace npm_fixture {

namespace fs = std::filesystem;

inline void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

inline std::string read(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline void run(const std::string& cmd) {
  INFO(cmd);
  REQUIRE(std::system(cmd.c_str()) == 0);
}

// A package with `files` files of `size` bytes each, a README and the given deps.
inline void make_package(const fs::path& root, const std::string& name, const std::string& deps, int files,
                         std::size_t size) {
  fs::path dir = root / "src" / name;
  write(dir / "package.json",
        R"({"name": ")" + name + R"(", "version": "1.0.0", "main": "index.js", "dependencies": )" + deps + "}");
  write(dir / "index.js", "module.exports = '" + name + "';\n");
  write(dir / "README.md", std::string(700, 'r'));
  for (int i = 0; i < files; ++i) write(dir / "lib" / ("f" + std::to_string(i) + ".js"), std::string(size, 'a' + i % 26));
  run("cd '" + dir.string() + "' && npm pack --silent --pack-destination '" + (root / "app" / "vendor").string() +
      "' >/dev/null");
}

inline std::string npm_env(const fs::path& root) {
  return "npm_config_cache='" + (root / "cache").string() +
         "' npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false ";
}

// root/app: package.json (prod-a needs `shared`, which is also listed as a
// devDependency: it must count as runtime-deps), vendor/*.tgz, server.js and
// package-lock.json.
inline void make_app(const fs::path& root) {
  fs::remove_all(root);
  fs::create_directories(root / "app" / "vendor");
  make_package(root, "shared", "{}", 3, 4000);
  make_package(root, "prod-a", R"({"shared": "^1.0.0"})", 4, 5000);
  make_package(root, "dev-c", "{}", 5, 6000);
  make_package(root, "dev-b", R"({"dev-c": "^1.0.0", "shared": "^1.0.0"})", 6, 7000);
  write(root / "app" / "package.json", R"({"name": "app", "version": "1.0.0",
    "dependencies": {"prod-a": "file:vendor/prod-a-1.0.0.tgz"},
    "devDependencies": {"dev-b": "file:vendor/dev-b-1.0.0.tgz", "dev-c": "file:vendor/dev-c-1.0.0.tgz",
                        "shared": "file:vendor/shared-1.0.0.tgz"}})");
  write(root / "app" / "server.js", "require('prod-a');\n");
  run("cd '" + (root / "app").string() + "' && " + npm_env(root) +
      "npm install --package-lock-only --offline --silent >/dev/null");
}

// Bytes of dev-only packages in an installed tree `app`/node_modules,
// from the lockfile's dev flags and the files on disk.
inline std::uint64_t dev_only_bytes(const fs::path& app) {
  auto lock = nlohmann::json::parse(read(app / "package-lock.json"));
  std::map<std::string, bool> dev_by_path;
  for (auto& [path, entry] : lock["packages"].items())
    if (path.starts_with("node_modules/")) dev_by_path[path] = entry.value("dev", false);
  REQUIRE(dev_by_path.at("node_modules/shared") == false);
  std::uint64_t expected_dev = 0;
  for (auto& e : fs::recursive_directory_iterator(app / "node_modules")) {
    if (!e.is_regular_file() || e.is_symlink()) continue;
    std::string rel = fs::relative(e.path(), app).generic_string();
    std::string owner;
    for (auto& [p, dev] : dev_by_path)
      if (rel.starts_with(p + "/") && p.size() > owner.size()) owner = p;
    if (!owner.empty() && dev_by_path[owner]) expected_dev += e.file_size();
  }
  return expected_dev;
}

}  // namespace npm_fixture
