#include "analyzers/attribution/finding_rules.h"

#include <algorithm>
#include <map>

#include "support/size.h"

namespace imgslim::analyzers {
namespace {

bool installs_packages(std::string_view step) {
  for (std::string_view verb : {"apt-get install", "apt install", "apk add", "yum install", "dnf install", "microdnf install"})
    if (step.find(verb) != std::string_view::npos) return true;
  return false;
}

// "layer 7 `RUN npm install`" / "layers 3, 5" for the layers holding bytes.
std::string where(const Attribution& a, const std::vector<std::uint64_t>& layer_bytes, std::vector<std::size_t>& layers) {
  std::vector<std::pair<std::uint64_t, std::size_t>> ranked;
  for (std::size_t l = 0; l < layer_bytes.size(); ++l)
    if (layer_bytes[l] > 0) ranked.push_back({layer_bytes[l], l});
  std::sort(ranked.begin(), ranked.end(), [](auto& x, auto& y) { return x.first > y.first; });
  for (auto& [b, l] : ranked) layers.push_back(l);
  if (ranked.empty()) return "";
  std::size_t top = ranked.front().second;
  std::string s = "layer " + std::to_string(top);
  if (top < a.layer_steps.size() && !a.layer_steps[top].empty()) s += " `" + short_step(a.layer_steps[top], 60) + "`";
  if (ranked.size() > 1) s += " (+" + std::to_string(ranked.size() - 1) + " more)";
  return s;
}

// "typescript 65 MB, jest 48 MB, …" over packages of a category, merged by name.
std::string top_names(const Attribution& a, Category cat, std::size_t n) {
  std::map<std::string, std::uint64_t> by_name;
  for (auto& p : a.packages)
    if (p.category == cat) by_name[p.name] += p.bytes;
  std::vector<std::pair<std::uint64_t, std::string>> v;
  for (auto& [name, b] : by_name) v.push_back({b, name});
  std::sort(v.begin(), v.end(), [](auto& x, auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < n; ++i) s += (i ? ", " : "") + v[i].second + " " + format_size(v[i].first);
  if (v.size() > n) s += ", …";
  return s;
}

std::vector<std::uint64_t> sum_layers(const std::vector<std::uint64_t>& x, const std::vector<std::uint64_t>& y) {
  std::vector<std::uint64_t> out(std::max(x.size(), y.size()), 0);
  for (std::size_t i = 0; i < x.size(); ++i) out[i] += x[i];
  for (std::size_t i = 0; i < y.size(); ++i) out[i] += y[i];
  return out;
}

}  // namespace

std::vector<Finding> derive_findings(const Attribution& a) {
  std::vector<Finding> out;
  auto add = [&](std::string rule, std::uint64_t bytes, std::string message, std::vector<std::size_t> layers) {
    if (bytes > 0) out.push_back(Finding{std::move(rule), bytes, std::move(message), std::move(layers)});
  };

  // prod-deps: devDependencies in the final image.
  if (const CategoryTotal& dev = a[Category::DevDeps]; dev.bytes > 0) {
    std::vector<std::size_t> layers;
    std::string from = where(a, dev.layer_bytes, layers);
    add("prod-deps", dev.bytes,
        format_size(dev.bytes) + " dev-deps (" + top_names(a, Category::DevDeps, 4) + ") from " + from +
            ": install with `npm ci --omit=dev` in the runtime stage",
        layers);
  }

  // cache-mounts: one finding per cache kind.
  for (const GroupAttribution& g : a.groups) {
    if (g.category != Category::PmCache) continue;
    std::vector<std::size_t> layers;
    std::string from = where(a, g.layer_bytes, layers);
    add(g.rule.empty() ? "cache-mounts" : g.rule, g.bytes,
        format_size(g.bytes) + " " + g.group + " left in " + from + ": " + g.advice, layers);
  }

  // multi-stage / slim-base: build tooling, split by whether a step of this
  // Dockerfile installed it or it came with the base image.
  if (const CategoryTotal& tool = a[Category::BuildTooling]; tool.bytes > 0) {
    std::vector<std::uint64_t> own(tool.layer_bytes.size(), 0), base(tool.layer_bytes.size(), 0);
    for (std::size_t l = 0; l < tool.layer_bytes.size(); ++l) {
      // The bottom layer is the base image's root filesystem; tooling there
      // needs another base, tooling anywhere else needs a build stage.
      bool from_base_rootfs = l == 0 && !(l < a.layer_steps.size() && installs_packages(a.layer_steps[l]));
      (from_base_rootfs ? base : own)[l] += tool.layer_bytes[l];
    }
    std::uint64_t own_bytes = 0, base_bytes = 0;
    for (auto b : own) own_bytes += b;
    for (auto b : base) base_bytes += b;
    std::string names = top_names(a, Category::BuildTooling, 4);
    std::vector<std::size_t> l1, l2;
    if (own_bytes > 0) {
      std::string from = where(a, own, l1);
      add("multi-stage", own_bytes,
          format_size(own_bytes) + " build tooling" + (names.empty() ? "" : " (" + names + ")") + " shipped from " + from +
              ": build in a separate stage and `COPY --from` only the output into a runtime stage",
          l1);
    }
    if (base_bytes > 0) {
      std::string from = where(a, base, l2);
      add("slim-base", base_bytes,
          format_size(base_bytes) + " build tooling comes with the base image (" + from +
              "): use a slim runtime base such as node:20-slim or a distroless node image",
          l2);
    }
  }

  // docs: node_modules docs and OS docs.
  std::uint64_t mod_docs = 0, os_docs = 0;
  std::vector<std::uint64_t> mod_layers, os_layers;
  std::string mod_advice, os_advice;
  for (const GroupAttribution& g : a.groups) {
    if (g.category != Category::Docs) continue;
    if (g.group.starts_with("node_modules") || g.group == "source maps" || g.group == "TypeScript sources") {
      mod_docs += g.bytes;
      mod_layers = sum_layers(mod_layers, g.layer_bytes);
      mod_advice = g.advice;
    } else {
      os_docs += g.bytes;
      os_layers = sum_layers(os_layers, g.layer_bytes);
      os_advice = g.advice;
    }
  }
  if (mod_docs > 0) {
    std::vector<std::size_t> layers;
    std::string from = where(a, mod_layers, layers);
    add("docs", mod_docs,
        format_size(mod_docs) + " of READMEs, changelogs, tests, source maps and TypeScript sources in node_modules (" +
            from + "): " + mod_advice,
        layers);
  }
  if (os_docs > 0) {
    std::vector<std::size_t> layers;
    std::string from = where(a, os_layers, layers);
    add("docs", os_docs, format_size(os_docs) + " of man pages, docs and locales (" + from + "): " + os_advice, layers);
  }

  // dockerignore: .git and friends copied into the image.
  for (const GroupAttribution& g : a.groups) {
    if (g.rule != "dockerignore") continue;
    std::vector<std::size_t> layers;
    std::string from = where(a, g.layer_bytes, layers);
    add("dockerignore", g.bytes, format_size(g.bytes) + " " + g.group + " in " + from + ": " + g.advice, layers);
  }

  // Hidden bytes: written by one layer, deleted or overwritten by a later one.
  if (const CategoryTotal& w = a[Category::Wasted]; w.bytes > 0) {
    std::vector<std::size_t> layers;
    std::string from = where(a, w.layer_bytes, layers);
    add("multi-stage", w.bytes,
        format_size(w.bytes) + " written by " + from +
            " are deleted or overwritten by later layers but still ship: remove files in the same RUN that creates "
            "them, or build in a separate stage and copy only the result",
        layers);
  }

  // A large base OS.
  std::size_t os_packages = 0;
  for (auto& p : a.packages)
    if (p.ecosystem != "npm") ++os_packages;
  if (const CategoryTotal& os = a[Category::Os]; os.bytes > 150'000'000 && os_packages > 150) {
    std::vector<std::size_t> layers;
    std::string from = where(a, os.layer_bytes, layers);
    add("slim-base", os.bytes,
        "the base OS is " + format_size(os.bytes) + " in " + std::to_string(os_packages) + " packages (" + from +
            "): node:20-slim or a distroless node image ships a fraction of it",
        layers);
  }

  std::stable_sort(out.begin(), out.end(), [](auto& x, auto& y) { return x.bytes > y.bytes; });
  return out;
}

}  // namespace imgslim::analyzers
