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

std::vector<std::uint64_t> sum_layers(const std::vector<std::uint64_t>& x, const std::vector<std::uint64_t>& y) {
  std::vector<std::uint64_t> out(std::max(x.size(), y.size()), 0);
  for (std::size_t i = 0; i < x.size(); ++i) out[i] += x[i];
  for (std::size_t i = 0; i < y.size(); ++i) out[i] += y[i];
  return out;
}

// The per-layer bytes of the user's own layers (the base's set to 0), and
// the reverse.
std::vector<std::uint64_t> own_part(const Attribution& a, std::vector<std::uint64_t> layer_bytes) {
  for (std::size_t l = 0; l < layer_bytes.size() && l < a.base_layers; ++l) layer_bytes[l] = 0;
  return layer_bytes;
}
std::vector<std::uint64_t> base_part(const Attribution& a, std::vector<std::uint64_t> layer_bytes) {
  for (std::size_t l = a.base_layers; l < layer_bytes.size(); ++l) layer_bytes[l] = 0;
  return layer_bytes;
}
std::uint64_t sum(const std::vector<std::uint64_t>& v) {
  std::uint64_t s = 0;
  for (auto b : v) s += b;
  return s;
}

// "typescript 65 MB, jest 48 MB, …" over the packages of a category whose
// bytes are mostly in the given layers.
std::string top_names_in(const Attribution& a, Category cat, std::size_t n, const std::vector<std::uint64_t>& layers) {
  std::map<std::string, std::uint64_t> by_name;
  for (auto& p : a.packages)
    if (p.category == cat && p.layer < layers.size() && layers[p.layer] > 0) by_name[p.name] += p.bytes;
  std::vector<std::pair<std::uint64_t, std::string>> v;
  for (auto& [name, b] : by_name) v.push_back({b, name});
  std::sort(v.begin(), v.end(), [](auto& x, auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < n; ++i) s += (i ? ", " : "") + v[i].second + " " + format_size(v[i].first);
  if (v.size() > n) s += ", …";
  return s;
}

}  // namespace

std::vector<Finding> derive_findings(const Attribution& a) {
  std::vector<Finding> out;
  auto add = [&](std::string rule, std::uint64_t bytes, std::string message, std::vector<std::size_t> layers) {
    if (bytes > 0) out.push_back(Finding{std::move(rule), bytes, std::move(message), std::move(layers)});
  };

  // prod-deps: devDependencies in the final image.
  // Findings that ask for a change of the user's Dockerfile count only the
  // user's own layers (above the base image); what the base brings is the
  // slim-base advice's.
  if (const auto own = own_part(a, a[Category::DevDeps].layer_bytes); sum(own) > 0) {
    std::vector<std::size_t> layers;
    std::string from = where(a, own, layers);
    add("prod-deps", sum(own),
        format_size(sum(own)) + " dev-deps (" + top_names_in(a, Category::DevDeps, 4, own) + ") from " + from +
            ": install with `npm ci --omit=dev` in the runtime stage",
        layers);
  }

  // cache-mounts: one finding per cache kind.
  for (const GroupAttribution& g : a.groups) {
    if (g.category != Category::PmCache) continue;
    const auto own = own_part(a, g.layer_bytes);
    std::vector<std::size_t> layers;
    std::string from = where(a, own, layers);
    add(g.rule.empty() ? "cache-mounts" : g.rule, sum(own),
        format_size(sum(own)) + " " + g.group + " left in " + from + ": " + g.advice, layers);
  }

  // multi-stage / slim-base: build tooling, split by whether a step of this
  // Dockerfile installed it or it came with the base image.
  std::vector<std::uint64_t> base_tooling;
  if (const CategoryTotal& tool = a[Category::BuildTooling]; tool.bytes > 0) {
    std::vector<std::uint64_t> own = own_part(a, tool.layer_bytes);
    base_tooling = base_part(a, tool.layer_bytes);
    // Base not known: the bottom layer is the base image's root filesystem
    // unless its step installed packages.
    if (a.base_layers == 0 && !own.empty() && !(!a.layer_steps.empty() && installs_packages(a.layer_steps[0]))) {
      base_tooling.assign(own.size(), 0);
      base_tooling[0] = own[0];
      own[0] = 0;
    }
    std::vector<std::size_t> l1;
    if (sum(own) > 0) {
      std::string names = top_names_in(a, Category::BuildTooling, 4, own);
      std::string from = where(a, own, l1);
      add("multi-stage", sum(own),
          format_size(sum(own)) + " build tooling" + (names.empty() ? "" : " (" + names + ")") + " shipped from " + from +
              ": build in a separate stage and `COPY --from` only the output into a runtime stage",
          l1);
    }
  }

  // docs: node_modules docs and OS docs.
  std::vector<std::uint64_t> mod_layers, os_layers;
  std::string mod_advice, os_advice;
  for (const GroupAttribution& g : a.groups) {
    if (g.category != Category::Docs) continue;
    if (g.group.starts_with("node_modules") || g.group == "source maps" || g.group == "TypeScript sources") {
      mod_layers = sum_layers(mod_layers, g.layer_bytes);
      mod_advice = g.advice;
    } else {
      os_layers = sum_layers(os_layers, g.layer_bytes);
      os_advice = g.advice;
    }
  }
  std::vector<std::uint64_t> base_docs = sum_layers(base_part(a, mod_layers), base_part(a, os_layers));
  if (const auto own = own_part(a, mod_layers); sum(own) > 0) {
    std::vector<std::size_t> layers;
    std::string from = where(a, own, layers);
    add("docs", sum(own),
        format_size(sum(own)) + " of READMEs, changelogs, tests, source maps and TypeScript sources in node_modules (" +
            from + "): " + mod_advice,
        layers);
  }
  if (const auto own = own_part(a, os_layers); sum(own) > 0) {
    std::vector<std::size_t> layers;
    std::string from = where(a, own, layers);
    add("docs", sum(own), format_size(sum(own)) + " of man pages, docs and locales (" + from + "): " + os_advice, layers);
  }

  // dockerignore: .git and friends copied into the image.
  for (const GroupAttribution& g : a.groups) {
    if (g.rule != "dockerignore") continue;
    const auto own = own_part(a, g.layer_bytes);
    std::vector<std::size_t> layers;
    std::string from = where(a, own, layers);
    add("dockerignore", sum(own), format_size(sum(own)) + " " + g.group + " in " + from + ": " + g.advice, layers);
  }

  // Hidden bytes: written by one layer, deleted or overwritten by a later one.
  if (const auto own = own_part(a, a[Category::Wasted].layer_bytes); sum(own) > 0) {
    std::vector<std::size_t> layers;
    std::string from = where(a, own, layers);
    add("multi-stage", sum(own),
        format_size(sum(own)) + " written by " + from +
            " are deleted or overwritten by later layers but still ship: remove files in the same RUN that creates "
            "them, or build in a separate stage and copy only the result",
        layers);
  }

  // slim-base: what the base image brings that a slim runtime base does not
  // (build tooling, docs), and a large base OS.
  if (const std::uint64_t tooling = sum(base_tooling), docs = sum(base_docs); tooling + docs > 0) {
    std::vector<std::size_t> layers;
    std::string from = where(a, sum_layers(base_tooling, base_docs), layers);
    std::string what;
    if (tooling) what = format_size(tooling) + " build tooling";
    if (docs) what += (what.empty() ? "" : " and ") + format_size(docs) + " docs";
    add("slim-base", tooling + docs,
        what + " come with the base image (" + from +
            "): a slim runtime base such as node:20-slim or a distroless node image leaves them out",
        layers);
  }
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
