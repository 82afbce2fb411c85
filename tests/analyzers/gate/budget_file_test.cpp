#include <doctest/doctest.h>

#include <string>

#include "analyzers/gate/budget.h"
#include "support/error.h"

using namespace imgslim::analyzers;

TEST_CASE("budget file: the documented .imgslim.yaml form") {
  auto f = parse_budget_text(R"(budgets:
  - image: "backend*"          # glob on the image reference; first match wins
    max-size: 250MB            # final filesystem bytes
    max-compressed-size: 90MB
    max-layers: 15
    min-efficiency: 0.95
    max-reclaimable-bytes: 20MB
    categories: {dev-deps: 0, pm-cache: 0, build-tooling: 10MB}
    require-non-root: true
    require-init: true
  - image: "*"
    max-size: 1GiB
    forbid-paths: ["**/.env", "**/id_rsa"]
    max-growth: 10%
)", ".imgslim.yaml");
  REQUIRE(f.budgets.size() == 2);
  const Budget& b = f.budgets[0];
  CHECK(b.image == "backend*");
  CHECK(b.line == 2);
  CHECK(b.max_size == 250000000ULL);
  CHECK(b.max_compressed_size == 90000000ULL);
  CHECK(b.max_layers == 15ULL);
  CHECK(b.min_efficiency == doctest::Approx(0.95));
  CHECK(b.max_reclaimable_bytes == 20000000ULL);
  CHECK(b.categories.at("dev-deps") == 0);
  CHECK(b.categories.at("build-tooling") == 10000000ULL);
  CHECK(b.require_non_root == true);
  CHECK(b.require_init == true);
  CHECK_FALSE(b.require_healthcheck.has_value());
  const Budget& all = f.budgets[1];
  CHECK(all.max_size == 1024ULL * 1024 * 1024);
  CHECK(all.forbid_paths.size() == 2);
  REQUIRE(all.max_growth.has_value());
  CHECK(all.max_growth->ratio == doctest::Approx(0.10));

  CHECK(select_budget(f, "backend:latest") == &f.budgets[0]);
  CHECK(select_budget(f, "docker://127.0.0.1:5000/backend:1.2") == &f.budgets[0]);
  CHECK(select_budget(f, "docker-daemon:backend:latest") == &f.budgets[0]);
  CHECK(select_budget(f, "frontend:latest") == &f.budgets[1]);
}

TEST_CASE("budget file: dive's .dive-ci is accepted with dive's defaults") {
  auto f = parse_budget_text("rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n", ".dive-ci");
  REQUIRE(f.budgets.size() == 1);
  const Budget& b = f.budgets[0];
  CHECK(b.from_dive_ci);
  CHECK(b.min_efficiency == doctest::Approx(0.95));
  CHECK(b.max_wasted_bytes == 20000000ULL);
  CHECK(b.max_wasted_percent == doctest::Approx(0.1));  // dive's default

  auto d = parse_budget_text("rules:\n  lowestEfficiency: disabled\n  highestUserWastedPercent: disabled\n", ".dive-ci");
  CHECK_FALSE(d.budgets[0].min_efficiency.has_value());
  CHECK_FALSE(d.budgets[0].max_wasted_percent.has_value());
  CHECK_FALSE(d.budgets[0].max_wasted_bytes.has_value());
}

TEST_CASE("budget file: invalid values name the key, the file and the line") {
  auto error_of = [](const std::string& text) {
    try {
      parse_budget_text(text, "ci/.imgslim.yaml");
    } catch (const imgslim::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("budgets:\n  - image: x\n    max-size: ten MB\n") ==
        "ci/.imgslim.yaml:3: max-size: 'ten MB' is not a size (examples: 250MB, 1.5GiB, 0)");
  CHECK(error_of("budgets:\n  - image: x\n    min-efficiency: 1.5\n") ==
        "ci/.imgslim.yaml:3: min-efficiency: '1.5' is outside 0..1 (or 0%..100%)");
  CHECK(error_of("budgets:\n  - image: x\n    max-sise: 1MB\n") == "ci/.imgslim.yaml:3: max-sise: unknown budget key");
  CHECK(error_of("budgets:\n  - categories: {devdeps: 0}\n").find("categories.devdeps: unknown category") !=
        std::string::npos);
  CHECK(error_of("budgets:\n  - require-init: maybe\n") ==
        "ci/.imgslim.yaml:2: require-init: 'maybe' is not true or false");
  CHECK(error_of("rules:\n  lowestEfficiency: high\n") ==
        "ci/.imgslim.yaml:2: rules.lowestEfficiency: 'high' is not a number (examples: 0.95, 95%)");
  CHECK(error_of("budgets: [\n") .find("ci/.imgslim.yaml:") == 0);
  CHECK(error_of("just a string") == "ci/.imgslim.yaml: expected a mapping with `budgets:` (or dive's `rules:`)");
  // Found by the budget fuzzer: a mapping used as a key escaped as a yaml-cpp exception.
  CHECK(error_of("rules:\n ? lowestEfficiency: 0\n") == "ci/.imgslim.yaml:2: key: mapping keys must be plain names");
  CHECK(error_of("budgets:\n  - {[a]: 1}\n") == "ci/.imgslim.yaml:2: key: mapping keys must be plain names");
}
