#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "analyzers/gate/budget.h"
#include "analyzers/gate/budget_rules.h"

using namespace imgslim::analyzers;

namespace {

CheckSubject naive_backend() {
  CheckSubject s;
  s.ref = "backend:latest";
  s.final_bytes = 812'000'000;
  s.total_bytes = 850'000'000;
  s.compressed_bytes = 300'000'000;
  s.reclaimable_bytes = 38'000'000;
  s.efficiency = 0.93;
  s.wasted_bytes = 70'000'000;
  s.user_wasted_percent = 0.2;
  s.layers = {{0, 500'000'000, "debian rootfs"}, {1, 40'000'000, "COPY . ."}, {2, 310'000'000, "RUN npm install"}};
  s.has_categories = true;
  s.categories = {{"os", 500'000'000}, {"dev-deps", 240'000'000}, {"pm-cache", 30'000'000}, {"app", 42'000'000}};
  s.category_layers["dev-deps"] = {{2, 240'000'000}};
  s.packages = {{"npm", "typescript", "5.4.5", "dev-deps", 65'000'000, 2},
                {"npm", "jest", "29.7.0", "dev-deps", 48'000'000, 2},
                {"npm", "express", "4.19.2", "runtime-deps", 2'000'000, 2}};
  s.user = "";
  s.cmd = {"npm", "start"};
  s.final_files = {{"app/.env", 120, 1}, {"app/server.js", 4000, 1}, {"root/.ssh/id_rsa", 1700, 1}};
  return s;
}

const RuleOutcome& find(const std::vector<RuleOutcome>& v, const std::string& rule) {
  for (const auto& r : v)
    if (r.rule == rule) return r;
  FAIL("no outcome for " << rule);
  static RuleOutcome none;
  return none;
}

}  // namespace

TEST_CASE("budget rules: a naive backend fails its budget with the reasons") {
  auto f = parse_budget_text(R"(budgets:
  - image: "backend*"
    max-size: 250MB
    max-compressed-size: 90MB
    max-layers: 15
    min-efficiency: 0.95
    max-reclaimable-bytes: 20MB
    categories: {dev-deps: 0, pm-cache: 0, build-tooling: 10MB}
    require-non-root: true
    require-init: true
    require-healthcheck: true
    max-package-size: 50MB
    forbid-paths: ["**/.env", "**/id_rsa"]
    max-layer-size: 400MB
)", "b.yaml");
  auto out = evaluate_budget(f.budgets[0], naive_backend(), nullptr);
  auto& size = find(out, "max-size");
  CHECK(size.status == RuleStatus::Fail);
  CHECK(size.message == "the final filesystem is 812 MB, over the 250 MB budget by 562 MB");
  CHECK(size.layer == 0u);
  CHECK(find(out, "max-compressed-size").status == RuleStatus::Fail);
  CHECK(find(out, "max-layers").status == RuleStatus::Pass);
  CHECK(find(out, "min-efficiency").status == RuleStatus::Fail);
  CHECK(find(out, "max-reclaimable-bytes").status == RuleStatus::Fail);
  auto& dev = find(out, "categories.dev-deps");
  CHECK(dev.status == RuleStatus::Fail);
  CHECK(dev.layer == 2u);
  REQUIRE(dev.offenders.size() >= 2);
  CHECK(dev.offenders[0] == "typescript 5.4.5 (65.0 MB)");
  CHECK(dev.offenders[1] == "jest 29.7.0 (48.0 MB)");
  CHECK(find(out, "categories.pm-cache").status == RuleStatus::Fail);
  CHECK(find(out, "categories.build-tooling").status == RuleStatus::Pass);
  CHECK(find(out, "require-non-root").status == RuleStatus::Fail);
  auto& init = find(out, "require-init");
  CHECK(init.status == RuleStatus::Fail);
  CHECK(init.measured == "npm");
  CHECK(find(out, "require-healthcheck").status == RuleStatus::Fail);
  auto& pkg = find(out, "max-package-size");
  CHECK(pkg.status == RuleStatus::Fail);
  CHECK(pkg.offenders.size() == 1);
  auto& paths = find(out, "forbid-paths");
  CHECK(paths.status == RuleStatus::Fail);
  CHECK(paths.offenders.size() == 2);
  CHECK(paths.offenders[0] == "/app/.env (layer 1)");
  auto& layer = find(out, "max-layer-size");
  CHECK(layer.status == RuleStatus::Fail);
  CHECK(layer.layer == 0u);
}

TEST_CASE("budget rules: a slim image passes, init and user are recognised") {
  CheckSubject s = naive_backend();
  s.final_bytes = 180'000'000;
  s.user = "node";
  s.entrypoint = {"dumb-init", "--"};
  s.cmd = {"node", "dist/server.js"};
  s.categories = {{"os", 150'000'000}, {"runtime-deps", 20'000'000}, {"app", 10'000'000}};
  s.has_healthcheck = true;
  auto f = parse_budget_text(
      "budgets:\n  - max-size: 250MB\n    categories: {dev-deps: 0}\n    require-non-root: true\n"
      "    require-init: true\n    require-healthcheck: true\n",
      "b.yaml");
  const auto slim = evaluate_budget(f.budgets[0], s, nullptr);
  std::vector<std::string> rules;
  for (const auto& r : slim) {
    CHECK_MESSAGE(r.status == RuleStatus::Pass, r.rule);
    rules.push_back(r.rule);
  }
  // One outcome per rule of the budget, none left out.
  CHECK(rules == std::vector<std::string>{"max-size", "categories.dev-deps", "require-non-root", "require-init",
                                          "require-healthcheck"});

  s.user = "0:0";
  s.entrypoint = {"/bin/sh", "-c", "exec tini -- node x"};
  auto out = evaluate_budget(f.budgets[0], s, nullptr);
  CHECK(find(out, "require-non-root").status == RuleStatus::Fail);
  CHECK(find(out, "require-init").status == RuleStatus::Pass);
}

TEST_CASE("budget rules: growth against a baseline, skipped without one") {
  auto f = parse_budget_text("budgets:\n  - max-growth: 5%\n  - max-growth: 20MB\n", "b.yaml");
  CheckSubject base = naive_backend();
  base.ref = "backend:main";
  CheckSubject grown = naive_backend();
  grown.final_bytes = base.final_bytes + 41'000'000;  // +5.05 %
  auto r1 = evaluate_budget(f.budgets[0], grown, &base);
  CHECK(r1[0].status == RuleStatus::Fail);
  CHECK(r1[0].measured == "+41.0 MB (+5.05 %)");
  auto r2 = evaluate_budget(f.budgets[1], grown, &base);
  CHECK(r2[0].status == RuleStatus::Fail);
  grown.final_bytes = base.final_bytes + 19'000'000;
  CHECK(evaluate_budget(f.budgets[1], grown, &base)[0].status == RuleStatus::Pass);
  CHECK(evaluate_budget(f.budgets[1], grown, nullptr)[0].status == RuleStatus::Skip);
}

TEST_CASE("budget rules: dive semantics for .dive-ci") {
  auto f = parse_budget_text("rules:\n  lowestEfficiency: 0.9\n  highestWastedBytes: 32025\n", ".dive-ci");
  CheckSubject s;
  s.efficiency = 0.9844212134184309;
  s.wasted_bytes = 32025;
  s.user_wasted_percent = 0.4834911001404049;
  auto out = evaluate_budget(f.budgets[0], s, nullptr);
  CHECK(find(out, "min-efficiency").status == RuleStatus::Pass);
  CHECK(find(out, "max-wasted-bytes").status == RuleStatus::Pass);        // equal is allowed
  CHECK(find(out, "max-wasted-percent").status == RuleStatus::Fail);      // 0.48 > default 0.1
  s.user_wasted_percent = std::nan("");
  CHECK(find(evaluate_budget(f.budgets[0], s, nullptr), "max-wasted-percent").status == RuleStatus::Pass);
}

TEST_CASE("budget rules: categories are skipped when attribution did not run") {
  auto f = parse_budget_text("budgets:\n  - categories: {dev-deps: 0}\n", "b.yaml");
  CheckSubject s;
  auto out = evaluate_budget(f.budgets[0], s, nullptr);
  CHECK(out[0].status == RuleStatus::Skip);
}

TEST_CASE("budget rules: a max-growth failure lists what grew, not the largest layers") {
  CheckSubject base = naive_backend();
  CheckSubject grown = naive_backend();
  grown.final_bytes += 60'000'000;
  grown.categories["dev-deps"] += 55'000'000;
  grown.categories["app"] += 5'000'000;
  grown.final_files.push_back({"app/node_modules/typescript/lib/tsc.js", 55'000'000, 2});
  grown.final_files[1].size += 5'000'000;  // app/server.js grew
  auto budgets = parse_budget_text("budgets:\n  - image: \"*\"\n    max-growth: 5%\n", "b.yaml");
  auto out = evaluate_budget(budgets.budgets.at(0), grown, &base);
  const auto& r = find(out, "max-growth");
  REQUIRE(r.status == RuleStatus::Fail);
  REQUIRE(r.offenders.size() >= 3);
  CHECK(r.offenders[0] == "category dev-deps +55.0 MB");
  CHECK(r.offenders[1] == "category app +5.00 MB");
  CHECK(r.offenders[2] == "/app/node_modules/typescript/lib/tsc.js +55.0 MB (new, layer 2)");
  CHECK(r.offenders[3] == "/app/server.js +5.00 MB (layer 1)");
  for (const auto& o : r.offenders) CHECK(o.find("debian rootfs") == std::string::npos);
  CHECK(r.layer == std::optional<std::size_t>(2));
}

TEST_CASE("budget rules: a computed compressed size says so") {
  CheckSubject s = naive_backend();
  s.compressed_computed = true;
  auto budgets = parse_budget_text("budgets:\n  - image: \"*\"\n    max-compressed-size: 90MB\n", "b.yaml");
  const auto out = evaluate_budget(budgets.budgets.at(0), s, nullptr);
  const auto& r = find(out, "max-compressed-size");
  CHECK(r.status == RuleStatus::Fail);
  CHECK(r.measured == "300 MB (computed)");
  CHECK(r.message.find("computed") != std::string::npos);
}
