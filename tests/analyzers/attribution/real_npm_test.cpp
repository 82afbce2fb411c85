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

#include "npm_fixture.h"
#include "synthetic_image.h"

namespace fs = std::filesystem;
using namespace imgslim::analyzers;
using namespace npm_fixture;

namespace {

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
  make_app(root);
  run("cd '" + (root / "app").string() + "' && " + npm_env(root) + "npm ci --offline --silent >/dev/null");
  fs::path app = root / "app";
  const std::uint64_t expected_dev = dev_only_bytes(app);
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
  REQUIRE(!a.packages.empty());
  std::vector<std::string> checked;
  for (auto& p : a.packages) {
    if (p.name == "shared") CHECK(p.category == Category::RuntimeDeps);
    else if (p.name == "dev-b" || p.name == "dev-c") CHECK(p.category == Category::DevDeps);
    else continue;
    checked.push_back(p.name);
  }
  std::sort(checked.begin(), checked.end());
  CHECK(checked == std::vector<std::string>{"dev-b", "dev-c", "shared"});
  CHECK(a.lockfiles.front() == "app/package-lock.json (npm-v3)");
  fs::remove_all(root);
}
