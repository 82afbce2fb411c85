// `imgslim check` and `imgslim diff` end to end on images built by the real
// engine and read from it by bare name: a naive Node image (dev
// dependencies installed, an npm cache, a file deleted in a later layer)
// and a slim one, against a `.imgslim.yaml` budget in the contract form.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "tests/run_command.h"
#include "tests/sarif_check.h"
#include "engine_build.h"

using imgslim::testing::engine_build;
using imgslim::testing::filler;
using imgslim::testing::run;
using imgslim::testing::run_imgslim;
using imgslim::testing::TempDir;
using nlohmann::json;

namespace {

const std::string kNaive = "imgslim-test/check-naive:1";
const std::string kSlim = "imgslim-test/check-slim:1";

const std::string kPackageJson = R"({"name":"api","version":"1.0.0","dependencies":{"express":"4.19.2"},)"
                                 R"("devDependencies":{"typescript":"5.4.5","jest":"29.7.0"}})";
const std::string kTypescriptJson = R"({"name":"typescript","version":"5.4.5"})";
const std::string kJestJson = R"({"name":"jest","version":"29.7.0"})";
constexpr std::uint64_t kTsc = 2'000'000, kJest = 1'000'000, kCache = 500'000, kLog = 400'000;

void build_images() {
  static std::once_flag once;
  std::call_once(once, [] {
    std::map<std::string, std::string> files = {
        {"package.json", kPackageJson},
        {"server.js", "require('express')().listen(3000)\n"},
        {"node_modules/express/package.json", R"({"name":"express","version":"4.19.2"})"},
        {"node_modules/express/index.js", filler(300'000, 11)},
        {"node_modules/typescript/package.json", kTypescriptJson},
        {"node_modules/typescript/lib/tsc.js", filler(kTsc, 12)},
        {"node_modules/jest/package.json", kJestJson},
        {"node_modules/jest/build/jest.js", filler(kJest, 13)},
        {"npm-cache/content-v2/sha512/12/3456", filler(kCache, 14)}};
    // `npm install` with dev dependencies, its cache kept, a build log
    // written in one layer and deleted in the next.
    engine_build(kNaive,
                 "FROM imgslim-test/busybox:1\nWORKDIR /app\nCOPY package.json server.js ./\n"
                 "COPY node_modules ./node_modules\nCOPY npm-cache /root/.npm/_cacache\n"
                 "RUN head -c 400000 /dev/zero > /app/build.log\nRUN rm /app/build.log\n"
                 "CMD [\"node\", \"server.js\"]\n",
                 files);
    engine_build(kSlim,
                 "FROM imgslim-test/busybox:1\nWORKDIR /app\nCOPY package.json server.js ./\n"
                 "COPY node_modules/express ./node_modules/express\nUSER nobody\nCMD [\"node\", \"server.js\"]\n",
                 files);
  });
}

// The budget as users write it (issue 8's contract form).
const char* kBudget = R"(budgets:
  - image: "*check-naive*"
    max-size: 4MB
    max-layers: 10
    max-reclaimable-bytes: 100kB
    categories: {dev-deps: 0, pm-cache: 0}
    require-non-root: true
  - image: "*check-slim*"
    max-size: 4MB
    max-layers: 10
    min-efficiency: 0.95
    max-reclaimable-bytes: 100kB
    categories: {dev-deps: 0, pm-cache: 0, build-tooling: 10MB}
    require-non-root: true
)";

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

json analyze(const std::string& ref) {
  auto r = run_imgslim({"analyze", "--format", "json", ref});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("check on engine images: the slim image passes, the naive one fails and names the rules") {
  build_images();
  TempDir dir;
  write(dir / ".imgslim.yaml", kBudget);

  auto good = run_imgslim({"check", kSlim, "-q"}, {}, dir.path);  // bare name: the Docker engine
  CHECK_MESSAGE(good.exit_code == 0, (good.out + good.err));
  for (const char* rule : {"max-size", "max-layers", "min-efficiency", "max-reclaimable-bytes", "categories.dev-deps",
                           "categories.pm-cache", "require-non-root"})
    CHECK_MESSAGE(good.out.find(std::string("PASS  ") + rule) != std::string::npos, rule);
  CHECK(good.out.find("FAIL") == std::string::npos);

  auto bad = run_imgslim({"check", kNaive, "-q"}, {}, dir.path);
  CHECK_MESSAGE(bad.exit_code == 1, (bad.out + bad.err));
  for (const char* rule : {"max-size", "max-reclaimable-bytes", "categories.dev-deps", "categories.pm-cache",
                           "require-non-root"})
    CHECK_MESSAGE(bad.out.find(std::string("FAIL  ") + rule) != std::string::npos, rule);
  CHECK(bad.out.find("PASS  max-layers") != std::string::npos);
  CHECK(bad.out.find("typescript") != std::string::npos);  // the offenders of dev-deps

  // The same budget file passed explicitly, from another directory.
  auto explicit_budget = run_imgslim({"check", kNaive, "-q", "--budget", dir / ".imgslim.yaml", "--format", "json"});
  CHECK(explicit_budget.exit_code == 1);
  json j = json::parse(explicit_budget.out);
  CHECK(j["result"] == "fail");
  CHECK(j["failed"].get<int>() == 5);
  // analyze counts the dev dependencies to the byte: typescript and jest, package.json included.
  json naive = analyze(kNaive);
  CHECK(naive["categories"]["dev-deps"]["bytes"] == kTsc + kJest + kTypescriptJson.size() + kJestJson.size());
  CHECK(naive["categories"]["pm-cache"]["bytes"] == kCache);
  bool dev_deps = false;
  for (const auto& r : j["rules"])
    if (r["rule"] == "categories.dev-deps") {
      dev_deps = true;
      CHECK(r["status"] == "FAIL");
      CHECK(r["measured"] == "3.00 MB");
    }
  CHECK(dev_deps);
}

TEST_CASE("check on engine images: JUnit validates against the schema, SARIF is well-formed") {
  build_images();
  TempDir dir;
  write(dir / "budget.yaml", kBudget);
  auto junit = run_imgslim({"check", kNaive, "-q", "--budget", dir / "budget.yaml", "--format", "junit", "-o", dir / "r.xml"});
  CHECK(junit.exit_code == 1);
  auto lint = run({"xmllint", "--noout", "--schema", std::string(IMGSLIM_SOURCE_DIR) + "/tests/analyzers/gate/schemas/junit.xsd",
                   dir / "r.xml"});
  CHECK_MESSAGE(lint.exit_code == 0, lint.err);
  std::ifstream in(dir / "r.xml");
  std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(xml.find("failures=\"5\"") != std::string::npos);

  auto pass = run_imgslim({"check", kSlim, "-q", "--budget", dir / "budget.yaml", "--format", "junit", "-o", dir / "p.xml"});
  CHECK(pass.exit_code == 0);
  lint = run({"xmllint", "--noout", "--schema", std::string(IMGSLIM_SOURCE_DIR) + "/tests/analyzers/gate/schemas/junit.xsd",
              dir / "p.xml"});
  CHECK_MESSAGE(lint.exit_code == 0, lint.err);

  auto sarif = run_imgslim({"check", kNaive, "-q", "--budget", dir / "budget.yaml", "--format", "sarif"});
  CHECK(sarif.exit_code == 1);
  imgslim::testing::check_sarif(sarif.out);
  std::set<std::string> rules;
  json doc = json::parse(sarif.out);
  for (const auto& r : doc["runs"][0]["results"]) rules.insert(r["ruleId"].get<std::string>());
  CHECK(rules.count("categories.dev-deps"));
  CHECK(rules.count("require-non-root"));
}

TEST_CASE("check on engine images: max-growth against the slim image as baseline") {
  build_images();
  TempDir dir;
  json slim = analyze(kSlim), naive = analyze(kNaive);
  const std::uint64_t growth = naive["final_bytes"].get<std::uint64_t>() - slim["final_bytes"].get<std::uint64_t>();
  write(dir / "tight.yaml", "budgets:\n  - image: \"*\"\n    max-growth: " + std::to_string(growth - 1) + "\n");
  write(dir / "edge.yaml", "budgets:\n  - image: \"*\"\n    max-growth: " + std::to_string(growth) + "\n");
  write(dir / "ratio.yaml", "budgets:\n  - image: \"*\"\n    max-growth: 10%\n");

  auto tight = run_imgslim({"check", kNaive, "-q", "--budget", dir / "tight.yaml", "--baseline", kSlim});
  CHECK_MESSAGE(tight.exit_code == 1, (tight.out + tight.err));
  CHECK(tight.out.find("FAIL  max-growth") != std::string::npos);
  auto edge = run_imgslim({"check", kNaive, "-q", "--budget", dir / "edge.yaml", "--baseline", kSlim});
  CHECK_MESSAGE(edge.exit_code == 0, (edge.out + edge.err));
  CHECK(edge.out.find("PASS  max-growth") != std::string::npos);
  auto ratio = run_imgslim({"check", kNaive, "-q", "--budget", dir / "ratio.yaml", "--baseline", kSlim});
  CHECK(ratio.exit_code == 1);
  // Shrinking is never growth.
  auto shrink = run_imgslim({"check", kSlim, "-q", "--budget", dir / "tight.yaml", "--baseline", kNaive});
  CHECK_MESSAGE(shrink.exit_code == 0, (shrink.out + shrink.err));
}

TEST_CASE("diff of engine images: category deltas are the dev dependencies, the cache and the deleted log") {
  build_images();
  auto r = run_imgslim({"diff", kSlim, kNaive, "-q", "--format", "json"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  json d = json::parse(r.out);
  const json& cats = d["categories"];
  CHECK(cats["dev-deps"]["delta"].get<long long>() ==
        static_cast<long long>(kTsc + kJest + kTypescriptJson.size() + kJestJson.size()));
  CHECK(cats["dev-deps"]["old"] == 0);
  CHECK(cats["pm-cache"]["delta"].get<long long>() == static_cast<long long>(kCache));
  CHECK(cats["wasted"]["delta"].get<long long>() == static_cast<long long>(kLog));
  CHECK_FALSE(cats.contains("app"));          // the same app files on both sides
  CHECK_FALSE(cats.contains("runtime-deps"));  // express on both sides
  // The deltas are the difference of analyze's categories.
  json slim = analyze(kSlim), naive = analyze(kNaive);
  for (const auto& [id, c] : cats.items())
    CHECK(c["delta"].get<long long>() == naive["categories"][id]["bytes"].get<long long>() -
                                             slim["categories"][id]["bytes"].get<long long>());
  bool typescript = false;
  for (const auto& p : d["packages"]) typescript |= p["name"] == "typescript" && p["category"] == "dev-deps";
  CHECK(typescript);

  auto text = run_imgslim({"diff", kSlim, kNaive, "-q"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("dev-deps") != std::string::npos);
}
