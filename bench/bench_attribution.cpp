// Attribution cost: a node-shaped image of N packages (default 3000, ~60 files
// each, a Debian base of 400 packages) is assembled in memory through the real
// LayerScanner; prints the time to assemble the scan (tree merge, what analyze
// does without attribution, minus I/O and inflate) and the time attribute()
// adds. Nothing is asserted.
//   imgslim-bench-attribution [PACKAGES]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "analyzers/attribution/attribution.h"
#include "analyzers/scan/layer_scan.h"

using namespace imgslim::analyzers;

namespace {

class Content : public imgslim::oci::EntryContent {
 public:
  explicit Content(const std::string& d) : d_(d) {}
  std::size_t read(void* buf, std::size_t n) override {
    std::size_t k = std::min(n, d_.size() - pos_);
    std::memcpy(buf, d_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  const std::string& d_;
  std::size_t pos_ = 0;
};

void add(LayerScanner& s, const std::string& path, const std::string& content) {
  imgslim::oci::TarEntry e{path, imgslim::oci::EntryType::File, static_cast<std::int64_t>(content.size()), 0644, 0, 0, 0, ""};
  Content c(content);
  s.visit(e, &c);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int packages = argc > 1 ? std::atoi(argv[1]) : 3000;
  auto build = [&](bool capture) {
    CapturePredicate pred = capture ? attribution_capture() : CapturePredicate{};
    std::vector<LayerScan> layers;
    LayerScanner base(pred);
    std::string status;
    for (int p = 0; p < 400; ++p) {
      std::string name = "pkg" + std::to_string(p);
      status += "Package: " + name + "\nStatus: install ok installed\nVersion: 1.0\n\n";
      std::string list;
      for (int f = 0; f < 40; ++f) {
        std::string path = "usr/lib/" + name + "/file" + std::to_string(f) + ".so";
        list += "/" + path + "\n";
        add(base, path, std::string(2000, 'x'));
      }
      add(base, "usr/share/doc/" + name + "/copyright", std::string(300, 'c'));
      add(base, "var/lib/dpkg/info/" + name + ".list", list);
    }
    add(base, "var/lib/dpkg/status", status);
    layers.push_back(base.take());
    LayerScanner app(pred);
    std::string deps = "{";
    for (int p = 0; p < packages; ++p) {
      std::string name = "mod" + std::to_string(p);
      if (p % 3 == 0) deps += std::string(deps.size() > 1 ? "," : "") + "\"" + name + "\":\"1\"";
      std::string dir = "app/node_modules/" + name;
      add(app, dir + "/package.json",
          "{\"name\":\"" + name + "\",\"version\":\"1.0.0\",\"dependencies\":{\"mod" + std::to_string((p * 7 + 1) % packages) + "\":\"1\"}}");
      for (int f = 0; f < 60; ++f) add(app, dir + "/lib/f" + std::to_string(f) + (f % 10 == 0 ? ".d.ts" : ".js"), std::string(1500, 'j'));
      add(app, dir + "/README.md", std::string(4000, 'r'));
    }
    deps += "}";
    add(app, "app/package.json", "{\"name\":\"app\",\"dependencies\":" + deps + ",\"devDependencies\":{\"mod1\":\"1\"}}");
    for (int f = 0; f < 2000; ++f) add(app, "root/.npm/_cacache/content-v2/x" + std::to_string(f), std::string(3000, 'z'));
    layers.push_back(app.take());
    return layers;
  };

  auto t0 = std::chrono::steady_clock::now();
  ImageScan plain = assemble_scan(build(false));
  double t_plain = seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  ImageScan captured = assemble_scan(build(true));
  double t_capture = seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  Attribution a = attribute(captured, AttributionRules::defaults());
  double t_attr = seconds_since(t0);
  std::printf("records: %zu, packages attributed: %zu, dev-deps bytes: %llu\n", captured.records.size(), a.packages.size(),
              static_cast<unsigned long long>(a[Category::DevDeps].bytes));
  std::printf("scan (layer scanner + merge), no capture: %.3f s\n", t_plain);
  std::printf("scan with attribution capture:            %.3f s\n", t_capture);
  std::printf("attribute():                              %.3f s\n", t_attr);
  std::printf("attribution overhead vs scan:             %.1f%%\n", 100.0 * (t_capture - t_plain + t_attr) / t_plain);
  return 0;
}
