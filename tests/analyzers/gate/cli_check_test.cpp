// End to end: the built imgslim binary on real image files (written by the
// fixture generator) with budgets that pass and fail.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/run_command.h"
#include "tests/sarif_check.h"
#include "fixtures/image_spec.h"

using imgslim::testing::run_imgslim;
using imgslim::testing::run;
using imgslim::testing::TempDir;
namespace fx = imgslim::fixtures;

namespace {

fx::Image naive_api(bool slim) {
  fx::Image img;
  img.cmd = {"npm", "start"};
  if (slim) {
    img.user = "node";
    img.entrypoint = {"dumb-init", "--"};
    img.cmd = {"node", "server.js"};
  }
  img.layer("ADD rootfs / # buildkit").dir("etc").file("etc/os-release", "ID=debian\n").dir("usr").dir("usr/bin")
      .sized("usr/bin/node", 3'000'000, 1);
  img.layer("WORKDIR /app").dir("app");
  auto& copy = img.layer("COPY . . # buildkit");
  copy.file("app/server.js", "require('http').createServer().listen(3000)\n");
  if (!slim) copy.file("app/.env", "DATABASE_PASSWORD=hunter2\n");
  auto& deps = img.layer(slim ? "RUN /bin/sh -c npm ci --omit=dev # buildkit" : "RUN /bin/sh -c npm install # buildkit");
  deps.dir("app/node_modules").dir("app/node_modules/express").sized("app/node_modules/express/index.js", 200'000, 2);
  if (!slim) {
    deps.dir("app/node_modules/typescript").sized("app/node_modules/typescript/lib/tsc.js", 2'000'000, 3);
    deps.dir("root").dir("root/.npm").dir("root/.npm/_cacache").sized("root/.npm/_cacache/blob", 500'000, 4);
  }
  return img;
}

std::string write_archive(const TempDir& dir, const std::string& name, const fx::Image& img) {
  fx::Layout layout;
  layout.add(name + ":latest", img);
  std::string path = dir / (name + ".tar");
  fx::write_layout(layout, fx::Form::DockerArchive, path);
  return "docker-archive:" + path;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

const char* kFailingBudget = R"(budgets:
  - image: "*naive*"
    max-size: 1MB
    max-layers: 2
    forbid-paths: ["**/.env"]
    require-non-root: true
    require-init: true
  - image: "*"
    max-size: 100MB
)";

const char* kDockerfile = "FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"npm\", \"start\"]\n";

}  // namespace

TEST_CASE("imgslim check: a naive image fails its budget, a slim one passes") {
  TempDir dir;
  std::string naive = write_archive(dir, "naive", naive_api(false));
  std::string slim = write_archive(dir, "slim", naive_api(true));
  write(dir / ".imgslim.yaml", kFailingBudget);
  write(dir / "Dockerfile", kDockerfile);

  auto bad = run_imgslim({"check", naive}, {}, dir.path);  // budget found in the working directory
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.find("FAIL  max-size") != std::string::npos);
  CHECK(bad.out.find("FAIL  forbid-paths") != std::string::npos);
  CHECK(bad.out.find("/app/.env (layer 2)") != std::string::npos);
  CHECK(bad.out.find("FAIL  require-non-root") != std::string::npos);
  CHECK(bad.out.find("FAIL  require-init") != std::string::npos);
  CHECK(bad.out.find("FAIL  max-layers") != std::string::npos);

  auto good = run_imgslim({"check", slim, "--budget", dir / ".imgslim.yaml"});
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("PASS  max-size") != std::string::npos);
}

TEST_CASE("imgslim check: JUnit, SARIF with the Dockerfile line, JSON, GitHub annotations") {
  TempDir dir;
  std::string naive = write_archive(dir, "naive", naive_api(false));
  write(dir / "budget.yaml", kFailingBudget);
  write(dir / "Dockerfile", kDockerfile);

  auto junit = run_imgslim({"check", naive, "--budget", dir / "budget.yaml", "--format", "junit", "-o", dir / "r.xml"});
  CHECK(junit.exit_code == 1);
  auto lint = run({"xmllint", "--noout", "--schema", std::string(IMGSLIM_SOURCE_DIR) + "/tests/analyzers/gate/schemas/junit.xsd",
                   dir / "r.xml"});
  CHECK_MESSAGE(lint.exit_code == 0, lint.err);

  auto sarif = run_imgslim({"check", naive, "--budget", dir / "budget.yaml", "--format", "sarif", "--dockerfile",
                        dir / "Dockerfile"});
  CHECK(sarif.exit_code == 1);
  imgslim::testing::check_sarif(sarif.out);
  auto doc = nlohmann::json::parse(sarif.out);
  bool found = false;
  for (const auto& r : doc["runs"][0]["results"]) {
    if (r["ruleId"] != "forbid-paths") continue;
    found = true;
    const auto& pl = r["locations"][0]["physicalLocation"];
    CHECK(pl["artifactLocation"]["uri"] == dir / "Dockerfile");
    CHECK(pl["region"]["startLine"] == 3);  // COPY . . brought the .env in
  }
  CHECK(found);

  auto json = run_imgslim({"check", naive, "--budget", dir / "budget.yaml", "--format", "json"});
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["result"] == "fail");
  CHECK(j["failed"].get<int>() == 5);

  auto gh = run_imgslim({"check", naive, "--budget", dir / "budget.yaml", "--dockerfile", dir / "Dockerfile"},
                    {"GITHUB_ACTIONS=true"});
  CHECK(gh.out.find("::error file=" + dir / "Dockerfile" + ",line=3,title=imgslim forbid-paths::") != std::string::npos);
}

TEST_CASE("imgslim check: bad budgets and missing inputs are one clear line, exit 2") {
  TempDir dir;
  std::string naive = write_archive(dir, "naive", naive_api(false));
  write(dir / "bad.yaml", "budgets:\n  - image: \"*\"\n    max-size: lots\n");
  auto r = run_imgslim({"check", naive, "--budget", dir / "bad.yaml"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "imgslim: " + dir / "bad.yaml" + ":3: max-size: 'lots' is not a size (examples: 250MB, 1.5GiB, 0)\n");
  CHECK(r.out.empty());

  write(dir / "other.yaml", "budgets:\n  - image: \"frontend*\"\n    max-size: 1MB\n");
  r = run_imgslim({"check", naive, "--budget", dir / "other.yaml"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("no budget's `image:` glob matches") != std::string::npos);

  r = run_imgslim({"check", "docker-archive:" + dir / "missing.tar", "--budget", dir / "other.yaml"});
  CHECK(r.exit_code == 2);

  // No partial report is left behind when the check cannot run.
  r = run_imgslim({"check", "docker-archive:" + dir / "missing.tar", "--budget", dir / "bad.yaml", "-o", dir / "out.xml",
               "--format", "junit"});
  CHECK(r.exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(dir / "out.xml"));
}

TEST_CASE("imgslim check: dive's .dive-ci works unchanged") {
  TempDir dir;
  std::string naive = write_archive(dir, "naive", naive_api(false));
  write(dir / ".dive-ci", "rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: disabled\n  highestUserWastedPercent: 0.5\n");
  auto r = run_imgslim({"check", naive}, {}, dir.path);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("PASS  min-efficiency") != std::string::npos);
  CHECK(r.out.find("PASS  max-wasted-percent") != std::string::npos);
  // Named as found from the working directory, without "dir/./".
  CHECK(r.out.starts_with("Budget: .dive-ci:"));
  std::filesystem::create_directories(dir / "sub/deeper");
  auto up = run_imgslim({"check", naive}, {}, dir / "sub/deeper");
  CHECK(up.exit_code == 0);
  CHECK(up.out.starts_with("Budget: ../../.dive-ci:"));
}

TEST_CASE("imgslim check: usage errors are one imgslim: line, exit 2") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"check"}, {"check", "x", "--format", "banana"}, {"check", "x", "--no-such-flag"}, {"no-such-command"}, {}}) {
    auto r = run_imgslim(args);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.starts_with("imgslim: "));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.find("--help") != std::string::npos);
  }
  CHECK(run_imgslim({"check", "x", "--format", "banana"}).err.starts_with("imgslim: check: "));
}

TEST_CASE("imgslim diff: growth by layer, file and package") {
  TempDir dir;
  std::string slim = write_archive(dir, "slim", naive_api(true));
  std::string naive = write_archive(dir, "naive", naive_api(false));
  auto r = run_imgslim({"diff", slim, naive, "--format", "json", "--threshold", "100kB"});
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["final_bytes"]["delta"].get<long long>() == 2'000'000 + 500'000 + 26);
  bool tsc = false;
  for (const auto& f : j["files"]) tsc |= f["path"] == "/app/node_modules/typescript/lib/tsc.js" && f["change"] == "added";
  CHECK(tsc);
  auto text = run_imgslim({"diff", slim, naive});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("+2.50 MB") != std::string::npos);
}

TEST_CASE("imgslim report: a self-contained page that renders in headless Chromium") {
  TempDir dir;
  std::string naive = write_archive(dir, "naive", naive_api(false));
  std::string out_dir = std::string(IMGSLIM_BUILD_DIR) + "/test-output";
  std::filesystem::create_directories(out_dir);
  std::string html = out_dir + "/report-naive.html";
  auto r = run_imgslim({"report", naive, "-o", html});
  REQUIRE(r.exit_code == 0);
  std::ifstream in(html);
  std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(page.find("http://") == std::string::npos);  // nothing fetched from the network
  CHECK(page.find("<script src") == std::string::npos);
  auto b = run({"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--virtual-time-budget=3000", "--dump-dom", "file://" + html});
  CHECK(b.exit_code == 0);
  CHECK(b.out.find("data-rendered=\"true\"") != std::string::npos);
  // Top-level directories with bytes: app, etc, root, usr.
  std::size_t cells = 0;
  const std::string top_dir = "class=\"tm tm-top\" data-path=\"/";  // the filesystem treemap's cells
  for (auto p = b.out.find(top_dir); p != std::string::npos; p = b.out.find(top_dir, p + 1)) ++cells;
  CHECK(cells == 4);
  run({"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
       "--window-size=1280,1800", "--virtual-time-budget=3000", "--screenshot=" + out_dir + "/report-naive.png",
       "file://" + html});
  CHECK(std::filesystem::exists(out_dir + "/report-naive.png"));
}
