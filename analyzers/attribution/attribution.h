// analyzers/attribution/ — every byte given a category, a package and a step: category rules and their
// config, the capture of package files, the advice (finding_rules); packages/ reads dpkg/apk
// databases, package.json and the npm, yarn and pnpm lockfiles.
// May include: analyzers/attribution/packages/, analyzers/scan/, support/.
//
// Attribution: every byte of an image assigned to one category (app,
// runtime-deps, dev-deps, pm-cache, build-tooling, docs, os, wasted), to the
// package that owns it (npm, dpkg, apk), and to the layer / Dockerfile step
// that added it; plus findings that say what would remove the bytes.
//
//   ScanOptions opts;
//   opts.capture = attribution_capture();      // package.json, lockfiles, dpkg/apk databases
//   ImageScan scan = scan_image(image, opts);
//   Attribution a = attribute(scan, AttributionRules::defaults());
//
// Invariant: the categories' bytes sum to scan.total_bytes(), and for every
// layer the categories' layer_bytes sum to that layer's content bytes.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/attribution/category.h"
#include "analyzers/attribution/category_rules.h"
#include "analyzers/scan/image_scan.h"

namespace imgslim::analyzers {

struct CategoryTotal {
  std::uint64_t bytes = 0;
  std::uint64_t files = 0;                // non-directory entries
  std::vector<std::uint64_t> layer_bytes; // per layer index
  std::vector<std::uint64_t> layer_files;
};

struct PackageAttribution {
  std::string ecosystem;  // "npm", "deb", "apk"
  std::string name;
  std::string version;
  std::string path;       // npm: install directory ("app/node_modules/jest"); OS: empty
  Category category = Category::Os;
  std::uint64_t bytes = 0;  // visible bytes of its files, each counted once
  std::uint64_t files = 0;
  std::size_t layer = 0;    // the layer that added most of its bytes
  std::string via;          // npm: "dependencies", "devDependencies", "lockfile", "unreached"
};

// Bytes a single rule group accounts for ("npm cache", "apt lists", "man pages").
struct GroupAttribution {
  std::string group;
  Category category = Category::Os;
  std::string rule;
  std::string advice;
  std::uint64_t bytes = 0;
  std::uint64_t files = 0;
  std::vector<std::uint64_t> layer_bytes;
};

struct Finding {
  std::string rule;  // shared id: prod-deps, cache-mounts, multi-stage, slim-base, docs, dockerignore
  std::uint64_t bytes = 0;
  std::string message;
  std::vector<std::size_t> layers;  // where the bytes come from
};

// Per layer: which later layer hid how many of its bytes.
struct WastedByLayer {
  std::size_t layer = 0;
  std::uint64_t overwritten_bytes = 0;
  std::uint64_t deleted_bytes = 0;
};

struct Attribution {
  std::array<CategoryTotal, kCategoryCount> categories;
  std::vector<PackageAttribution> packages;  // largest first
  std::vector<GroupAttribution> groups;      // largest first
  std::vector<Finding> findings;             // largest first
  std::vector<WastedByLayer> wasted;
  std::vector<std::string> layer_steps;      // created_by per layer ("" when unknown)
  std::vector<std::string> lockfiles;        // "app/package-lock.json (npm-v3)"
  std::vector<std::string> notes;            // unreadable manifests and similar, one line each
  std::uint64_t total_bytes = 0;
  std::uint64_t final_bytes = 0;
  std::size_t base_layers = 0;               // layers [0, base_layers) are the base image's
  std::vector<Category> record_categories;   // per scan record (markers: Wasted), e.g. for the report's treemap

  const CategoryTotal& operator[](Category c) const { return categories[static_cast<std::size_t>(c)]; }
};

// The content-capture predicate attribution needs (thread-safe, cheap).
CapturePredicate attribution_capture();
bool attribution_wants(std::string_view path);

// `base_layers`: where the base image ends (WasteMetrics::base.layers); the
// findings that ask for a Dockerfile change count only the layers above it,
// what the base brings goes to the slim-base advice. 0: not known.
Attribution attribute(const ImageScan& scan, const AttributionRules& rules, std::size_t base_layers = 0);

// A Dockerfile step as people read it: "RUN npm ci" from
// "/bin/sh -c #(nop) ..." / "RUN |2 A=b /bin/sh -c npm ci" history forms.
std::string short_step(std::string_view created_by, std::size_t max_chars = 72);

}  // namespace imgslim::analyzers
