#include "analyzers/gate/budget_rules.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <string_view>

#include "support/glob.h"
#include "support/size.h"

namespace imgslim::analyzers {

const char* status_name(RuleStatus s) {
  switch (s) {
    case RuleStatus::Pass: return "PASS";
    case RuleStatus::Fail: return "FAIL";
    case RuleStatus::Skip: return "SKIP";
  }
  return "?";
}

namespace {

std::string ratio_text(double v) {
  if (std::isnan(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f %%", v * 100.0);
  return buf;
}

std::string layer_text(const CheckSubject::Layer& l) {
  std::string cmd = l.created_by.empty() ? "(no history)" : l.created_by;
  if (cmd.size() > 80) cmd = cmd.substr(0, 77) + "...";
  return "layer " + std::to_string(l.index) + " " + format_size(l.size_bytes) + ": " + cmd;
}

// The largest layers, as offenders for a size rule.
void add_largest_layers(const CheckSubject& img, RuleOutcome& r, std::size_t n = 3) {
  std::vector<const CheckSubject::Layer*> sorted;
  for (const auto& l : img.layers) sorted.push_back(&l);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](auto* a, auto* b) { return a->size_bytes > b->size_bytes; });
  for (std::size_t i = 0; i < sorted.size() && i < n; ++i) {
    if (sorted[i]->size_bytes == 0) break;
    r.offenders.push_back(layer_text(*sorted[i]));
    if (i == 0) r.layer = sorted[i]->index;
  }
}

// What grew against the baseline, as offenders for max-growth: the
// categories that grew (when both sides have them), then the final files
// that are new or larger, largest growth first.
void add_growth(const CheckSubject& img, const CheckSubject& baseline, RuleOutcome& r) {
  if (img.has_categories && baseline.has_categories) {
    std::vector<std::pair<std::string, std::int64_t>> grew;
    for (const auto& [cat, bytes] : img.categories) {
      auto it = baseline.categories.find(cat);
      const std::uint64_t before = it == baseline.categories.end() ? 0 : it->second;
      if (bytes > before) grew.push_back({cat, static_cast<std::int64_t>(bytes - before)});
    }
    std::stable_sort(grew.begin(), grew.end(), [](auto& a, auto& b2) { return a.second > b2.second; });
    for (std::size_t i = 0; i < grew.size() && i < 3; ++i)
      r.offenders.push_back("category " + grew[i].first + " " + format_size_delta(grew[i].second));
  }
  std::map<std::string_view, std::uint64_t> before;
  for (const auto& f : baseline.final_files) before[f.path] = f.size;
  std::vector<std::pair<const CheckSubject::File*, std::uint64_t>> files;
  for (const auto& f : img.final_files) {
    auto it = before.find(f.path);
    const std::uint64_t was = it == before.end() ? 0 : it->second;
    if (f.size > was) files.push_back({&f, f.size - was});
  }
  std::stable_sort(files.begin(), files.end(), [](auto& a, auto& b2) { return a.second > b2.second; });
  for (std::size_t i = 0; i < files.size() && i < 5; ++i) {
    const auto& f = *files[i].first;
    const bool is_new = before.find(f.path) == before.end();
    r.offenders.push_back("/" + f.path + " " + format_size_delta(static_cast<std::int64_t>(files[i].second)) +
                          (is_new ? " (new, layer " : " (layer ") + std::to_string(f.layer) + ")");
    if (i == 0) r.layer = f.layer;
  }
}

RuleOutcome max_bytes(const std::string& rule, const std::string& what, std::uint64_t measured,
                      std::uint64_t limit) {
  RuleOutcome r;
  r.rule = rule;
  r.measured = format_size(measured);
  r.limit = format_size(limit);
  if (measured > limit) {
    r.status = RuleStatus::Fail;
    r.message = what + " is " + r.measured + ", over the " + r.limit + " budget by " + format_size(measured - limit);
  } else {
    r.message = what + " is " + r.measured + " (budget " + r.limit + ")";
  }
  return r;
}

bool is_root_user(const std::string& user) {
  std::string u = user.substr(0, user.find(':'));
  return u.empty() || u == "root" || u == "0";
}

std::string exe_base_name(const std::string& p) {
  auto s = p.rfind('/');
  return s == std::string::npos ? p : p.substr(s + 1);
}

bool is_init_process(const std::string& exe) {
  static const char* inits[] = {"dumb-init", "tini", "tini-static", "docker-init", "catatonit", "s6-svscan", "runsvdir"};
  std::string b = exe_base_name(exe);
  for (const char* i : inits)
    if (b == i) return true;
  return exe == "/init";  // s6-overlay
}

}  // namespace

std::vector<RuleOutcome> evaluate_budget(const Budget& b, const CheckSubject& img, const CheckSubject* baseline) {
  std::vector<RuleOutcome> out;

  if (b.max_size) {
    auto r = max_bytes("max-size", "the final filesystem", img.final_bytes, *b.max_size);
    if (r.status == RuleStatus::Fail) add_largest_layers(img, r);
    out.push_back(r);
  }
  if (b.max_total_size) {
    auto r = max_bytes("max-total-size", "the layers' content", img.total_bytes, *b.max_total_size);
    if (r.status == RuleStatus::Fail) add_largest_layers(img, r);
    out.push_back(r);
  }
  if (b.max_compressed_size) {
    const std::string what = img.compressed_computed
                                 ? "the compressed image (computed: gzip as a push would store the uncompressed layers)"
                                 : "the compressed image";
    auto r = max_bytes("max-compressed-size", what, img.compressed_bytes, *b.max_compressed_size);
    if (img.compressed_computed) r.measured += " (computed)";
    if (r.status == RuleStatus::Fail) add_largest_layers(img, r);
    out.push_back(r);
  }
  if (b.max_layer_size) {
    RuleOutcome r;
    r.rule = "max-layer-size";
    r.limit = format_size(*b.max_layer_size);
    std::uint64_t biggest = 0;
    for (const auto& l : img.layers) {
      biggest = std::max(biggest, l.size_bytes);
      if (l.size_bytes > *b.max_layer_size) {
        r.offenders.push_back(layer_text(l));
        if (!r.layer) r.layer = l.index;
      }
    }
    r.measured = format_size(biggest);
    if (!r.offenders.empty()) {
      r.status = RuleStatus::Fail;
      r.message = std::to_string(r.offenders.size()) + " layer(s) over " + r.limit + "; the largest is " + r.measured;
    } else {
      r.message = "the largest layer is " + r.measured + " (budget " + r.limit + ")";
    }
    out.push_back(r);
  }
  if (b.max_layers) {
    RuleOutcome r;
    r.rule = "max-layers";
    r.measured = std::to_string(img.layers.size());
    r.limit = std::to_string(*b.max_layers);
    if (img.layers.size() > *b.max_layers) {
      r.status = RuleStatus::Fail;
      r.message = "the image has " + r.measured + " layers, over the budget of " + r.limit;
    } else {
      r.message = "the image has " + r.measured + " layers (budget " + r.limit + ")";
    }
    out.push_back(r);
  }
  if (b.min_efficiency) {
    RuleOutcome r;
    r.rule = "min-efficiency";
    r.measured = ratio_text(img.efficiency);
    r.limit = ratio_text(*b.min_efficiency);
    if (*b.min_efficiency > img.efficiency) {
      r.status = RuleStatus::Fail;
      r.message = "image efficiency is " + r.measured + ", below the minimum " + r.limit;
    } else {
      r.message = "image efficiency is " + r.measured + " (minimum " + r.limit + ")";
    }
    out.push_back(r);
  }
  if (b.max_wasted_bytes) {
    out.push_back(max_bytes("max-wasted-bytes", "wasted space (dive's measure)", img.wasted_bytes, *b.max_wasted_bytes));
  }
  if (b.max_wasted_percent) {
    RuleOutcome r;
    r.rule = "max-wasted-percent";
    r.measured = ratio_text(img.user_wasted_percent);
    r.limit = ratio_text(*b.max_wasted_percent);
    // As dive: NaN (no user bytes) compares false and passes.
    if (*b.max_wasted_percent < img.user_wasted_percent) {
      r.status = RuleStatus::Fail;
      r.message = "wasted space is " + r.measured + " of the user layers, over " + r.limit;
    } else {
      r.message = "wasted space is " + r.measured + " of the user layers (budget " + r.limit + ")";
    }
    out.push_back(r);
  }
  if (b.max_reclaimable_bytes) {
    out.push_back(max_bytes("max-reclaimable-bytes", "content shipped but invisible in the final image",
                            img.reclaimable_bytes, *b.max_reclaimable_bytes));
  }
  for (const auto& [cat, limit] : b.categories) {
    RuleOutcome r;
    r.rule = "categories." + cat;
    r.limit = format_size(limit);
    if (!img.has_categories) {
      r.status = RuleStatus::Skip;
      r.message = "byte attribution is not available for this image";
      out.push_back(r);
      continue;
    }
    auto it = img.categories.find(cat);
    std::uint64_t bytes = it == img.categories.end() ? 0 : it->second;
    r = max_bytes("categories." + cat, cat, bytes, limit);
    if (r.status == RuleStatus::Fail) {
      std::vector<const CheckSubject::Package*> pk;
      for (const auto& p : img.packages)
        if (p.category == cat) pk.push_back(&p);
      std::stable_sort(pk.begin(), pk.end(), [](auto* a, auto* b) { return a->bytes > b->bytes; });
      for (std::size_t i = 0; i < pk.size() && i < 5; ++i)
        r.offenders.push_back(pk[i]->name + (pk[i]->version.empty() ? "" : " " + pk[i]->version) + " (" +
                              format_size(pk[i]->bytes) + ")");
      auto cl = img.category_layers.find(cat);
      if (cl != img.category_layers.end() && !cl->second.empty()) {
        auto best = std::max_element(cl->second.begin(), cl->second.end(),
                                     [](auto& a, auto& b2) { return a.second < b2.second; });
        r.layer = best->first;
        for (const auto& l : img.layers)
          if (l.index == best->first) r.offenders.push_back("added by " + layer_text(l));
      }
    }
    out.push_back(r);
  }
  if (b.max_package_size) {
    RuleOutcome r;
    r.rule = "max-package-size";
    r.limit = format_size(*b.max_package_size);
    std::uint64_t biggest = 0;
    std::vector<const CheckSubject::Package*> over;
    for (const auto& p : img.packages) {
      biggest = std::max(biggest, p.bytes);
      if (p.bytes > *b.max_package_size) over.push_back(&p);
    }
    std::stable_sort(over.begin(), over.end(), [](auto* a, auto* b2) { return a->bytes > b2->bytes; });
    r.measured = format_size(biggest);
    for (std::size_t i = 0; i < over.size() && i < 10; ++i)
      r.offenders.push_back(over[i]->ecosystem + ":" + over[i]->name + " " + over[i]->version + " (" +
                            format_size(over[i]->bytes) + ")");
    if (!over.empty()) {
      r.status = RuleStatus::Fail;
      if (over.front()->layer) r.layer = over.front()->layer;
      r.message = std::to_string(over.size()) + " package(s) over " + r.limit + "; the largest is " + r.measured;
    } else {
      r.message = "the largest package is " + r.measured + " (budget " + r.limit + ")";
    }
    out.push_back(r);
  }
  if (b.require_non_root && *b.require_non_root) {
    RuleOutcome r;
    r.rule = "require-non-root";
    r.measured = img.user.empty() ? "root (no USER)" : img.user;
    r.limit = "a non-root user";
    if (is_root_user(img.user)) {
      r.status = RuleStatus::Fail;
      r.message = "the container runs as " + r.measured + "; add `USER node` (or another unprivileged user) to the final stage";
    } else {
      r.message = "the container runs as " + img.user;
    }
    out.push_back(r);
  }
  if (b.require_init && *b.require_init) {
    RuleOutcome r;
    r.rule = "require-init";
    r.limit = "dumb-init or tini as PID 1";
    const auto& first = !img.entrypoint.empty() ? img.entrypoint : img.cmd;
    std::string pid1 = first.empty() ? "" : first.front();
    // Shell form wraps the command: ["/bin/sh","-c","dumb-init node x"].
    if ((pid1 == "/bin/sh" || pid1 == "sh") && first.size() >= 3 && first[1] == "-c") {
      std::string cmdline = first[2];
      std::string exe = cmdline.substr(0, cmdline.find(' '));
      if (exe == "exec") {
        auto rest = cmdline.substr(5);
        exe = rest.substr(0, rest.find(' '));
      }
      r.measured = "/bin/sh -c (shell form)";
      if (is_init_process(exe)) r.measured = exe;
      pid1 = is_init_process(exe) ? exe : "/bin/sh";
    } else {
      r.measured = pid1.empty() ? "(none)" : pid1;
    }
    if (!is_init_process(pid1)) {
      r.status = RuleStatus::Fail;
      r.message = "PID 1 is " + r.measured +
                  ", which neither reaps zombies nor forwards SIGTERM reliably; use ENTRYPOINT [\"dumb-init\", \"--\"]";
    } else {
      r.message = "PID 1 is " + r.measured;
    }
    out.push_back(r);
  }
  if (b.require_healthcheck && *b.require_healthcheck) {
    RuleOutcome r;
    r.rule = "require-healthcheck";
    r.limit = "a HEALTHCHECK";
    r.measured = img.has_healthcheck ? "present" : "none";
    if (!img.has_healthcheck) {
      r.status = RuleStatus::Fail;
      r.message = "the image declares no HEALTHCHECK";
    } else {
      r.message = "the image declares a HEALTHCHECK";
    }
    out.push_back(r);
  }
  if (!b.forbid_paths.empty()) {
    RuleOutcome r;
    r.rule = "forbid-paths";
    r.limit = "none of: ";
    for (std::size_t i = 0; i < b.forbid_paths.size(); ++i) r.limit += (i ? ", " : "") + b.forbid_paths[i];
    std::size_t found = 0;
    for (const auto& f : img.final_files) {
      for (const auto& g : b.forbid_paths) {
        if (glob_match_path(g, f.path)) {
          if (found < 20) r.offenders.push_back("/" + f.path + " (layer " + std::to_string(f.layer) + ")");
          if (!r.layer) r.layer = f.layer;
          ++found;
          break;
        }
      }
    }
    r.measured = std::to_string(found) + " forbidden path(s)";
    if (found) {
      r.status = RuleStatus::Fail;
      r.message = "the final image contains " + r.measured + ", first /" +
                  r.offenders.front().substr(1, r.offenders.front().find(' ') - 1);
    } else {
      r.message = "no forbidden paths in the final image";
    }
    out.push_back(r);
  }
  if (b.max_growth) {
    RuleOutcome r;
    r.rule = "max-growth";
    r.limit = b.max_growth->text;
    if (!baseline) {
      r.status = RuleStatus::Skip;
      r.message = "no --baseline image given";
    } else {
      std::int64_t delta = static_cast<std::int64_t>(img.final_bytes) - static_cast<std::int64_t>(baseline->final_bytes);
      double ratio = baseline->final_bytes ? static_cast<double>(delta) / static_cast<double>(baseline->final_bytes) : 0.0;
      char pct[32];
      std::snprintf(pct, sizeof pct, "%+.2f %%", ratio * 100.0);
      r.measured = format_size_delta(delta) + " (" + pct + ")";
      bool fail = false;
      if (b.max_growth->bytes && delta > 0 && static_cast<std::uint64_t>(delta) > *b.max_growth->bytes) fail = true;
      if (b.max_growth->ratio && ratio > *b.max_growth->ratio) fail = true;
      r.status = fail ? RuleStatus::Fail : RuleStatus::Pass;
      r.message = std::string("the image ") + (delta >= 0 ? "grew" : "shrank") + " by " + r.measured + " against " +
                  baseline->ref + (fail ? ", more than allowed (" + r.limit + ")" : "");
      if (fail) add_growth(img, *baseline, r);
    }
    out.push_back(r);
  }
  return out;
}

}  // namespace imgslim::analyzers
