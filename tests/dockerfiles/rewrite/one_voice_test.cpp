// Rewrite and lint are one rule set: for every Dockerfile of the corpus
// (the lone public-project-like Dockerfiles under lone/, each alone in a
// folder as a reviewer runs the tool on a pull request's Dockerfile; every
// golden case with its context; the eleven project shapes under
// fixtures/projects; the reference templates), the real binary
// rewrites it, lints the result with the same context, and every finding of
// a rule the rewriter owns must be named in the rewrite's "left" list with a
// reason a rule gave (never the catch-all); a second rewrite changes nothing.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "rewrite_test_support.h"

using namespace rewrite_test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::set<std::string> kOwned = {"multi-stage", "layer-order",  "prod-deps",      "node-env",   "slim-base",
                                      "non-root",    "init",         "shell-form-cmd", "npm-as-runtime",
                                      "no-healthcheck", "cache-mounts", "apt-hygiene",  "dockerignore"};

struct Corpus {
  std::string name;
  std::string dockerfile;  // copied as <dir>/Dockerfile
  std::string context;     // copied into <dir>, "" = the Dockerfile alone
};

std::vector<Corpus> corpus() {
  std::vector<Corpus> out;
  const std::string src = IMGSLIM_SOURCE_DIR;
  for (const auto& e : fs::directory_iterator(src + "/tests/dockerfiles/rewrite/lone"))
    if (e.path().extension() == ".Dockerfile") out.push_back({"lone/" + e.path().stem().string(), e.path().string(), ""});
  for (const auto& name : case_names()) {
    const auto args = case_args(name);
    std::string context = fs::path(args[0]).parent_path().string();
    for (size_t i = 1; i + 1 < args.size(); ++i)
      if (args[i] == "--context") context = args[i + 1];
    out.push_back({"case/" + name, args[0], context});
  }
  for (const auto& e : fs::directory_iterator(src + "/fixtures/projects"))
    if (fs::exists(e.path() / "Dockerfile"))
      out.push_back({"project/" + e.path().filename().string(), (e.path() / "Dockerfile").string(), e.path().string()});
  out.push_back({"template/backend", src + "/dockerfiles/templates/backend.Dockerfile", src + "/fixtures/apps/backend"});
  out.push_back({"template/frontend", src + "/dockerfiles/templates/frontend.Dockerfile", src + "/fixtures/apps/frontend"});
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return out;
}

json run_json(const std::string& cmd) {
  std::string out;
  run(cmd + " 2>/dev/null", &out);
  return json::parse(out, nullptr, false);
}

}  // namespace

TEST_CASE("rewrite: every owned lint finding left in a rewrite is named with its reason, and a second rewrite changes nothing") {
  const std::string bin = quote(IMGSLIM_BINARY);
  const std::string tmp = temp_dir("one-voice");
  const auto all = corpus();
  REQUIRE(all.size() >= 40);
  size_t before_total = 0, after_total = 0, left_total = 0;
  for (const auto& c : all) {
    CAPTURE(c.name);
    const std::string dir = tmp + "/" + fs::path(c.name).filename().string() + "-" + fs::path(c.name).parent_path().string();
    fs::remove_all(dir);
    if (c.context.empty()) fs::create_directories(dir);
    else fs::copy(c.context, dir, fs::copy_options::recursive);
    fs::copy_file(c.dockerfile, dir + "/Dockerfile", fs::copy_options::overwrite_existing);
    // Golden cases may carry their own .dockerignore or args; the rewrite runs on the folder as it is.
    const std::string df = quote(dir + "/Dockerfile");
    json lint_before = run_json(bin + " lint --format json --failure-threshold error " + df);
    REQUIRE(lint_before.is_object());
    before_total += lint_before["findings"].size();

    json rw = run_json(bin + " rewrite --format json " + df);
    REQUIRE(rw.is_object());
    REQUIRE(rw.contains("left"));
    std::map<std::string, std::string> left;
    for (const auto& l : rw["left"]) left[l["rule"].get<std::string>()] = l["reason"].get<std::string>();
    spit(dir + "/Dockerfile", rw["rewritten"].get<std::string>());
    if (rw["dockerignore"]["changed"].get<bool>()) spit(dir + "/.dockerignore", rw["dockerignore"]["content"].get<std::string>());

    json lint_after = run_json(bin + " lint --format json --failure-threshold error " + df);
    REQUIRE(lint_after.is_object());
    after_total += lint_after["findings"].size();
    for (const auto& f : lint_after["findings"]) {
      const std::string rule = f["rule"];
      if (!kOwned.count(rule)) continue;
      INFO("finding " << rule << " line " << f["line"] << ": " << f["message"].get<std::string>());
      INFO(rw["rewritten"].get<std::string>());
      REQUIRE(left.count(rule) == 1);
      // A reason a rule gave, not the catch-all for a case no rule handles.
      CHECK(left[rule].find("no rewrite rule handles") == std::string::npos);
      ++left_total;
    }
    // Every left entry is a finding that is really there.
    for (const auto& [rule, reason] : left) {
      bool present = false;
      for (const auto& f : lint_after["findings"]) present = present || f["rule"] == rule;
      CHECK_MESSAGE(present, "left " << rule << " names no finding");
    }
    json again = run_json(bin + " rewrite --format json " + df);
    REQUIRE(again.is_object());
    INFO(again["diff"].get<std::string>());
    CHECK_FALSE(again["changed"].get<bool>());
  }
  MESSAGE("corpus " << all.size() << " Dockerfiles: lint findings " << before_total << " before, " << after_total
                    << " after the rewrite, " << left_total << " owned ones named as left");
  CHECK(after_total < before_total);
  fs::remove_all(tmp);
}

TEST_CASE("rewrite: --explain prints each left finding as `left RULE: reason`") {
  const std::string tmp = temp_dir("explain-left");
  fs::create_directories(tmp);
  fs::copy_file(std::string(IMGSLIM_SOURCE_DIR) + "/tests/dockerfiles/rewrite/lone/express-npm-start.Dockerfile",
                tmp + "/Dockerfile", fs::copy_options::overwrite_existing);
  std::string out;
  REQUIRE(run(quote(IMGSLIM_BINARY) + " rewrite --explain " + quote(tmp + "/Dockerfile"), &out) == 0);
  CHECK(out.find("left npm-as-runtime: CMD `npm start` kept under dumb-init: no package.json in the build context") !=
        std::string::npos);
  CHECK(out.find("note: Node.js project by the Dockerfile (FROM node:20") != std::string::npos);
  CHECK(out.find("not a Node.js project") == std::string::npos);
  // Diff headers are relative to the working directory, never a//abs/path.
  REQUIRE(run("cd " + quote(tmp) + " && " + quote(IMGSLIM_BINARY) + " rewrite Dockerfile", &out) == 0);
  CHECK(out.find("--- a/Dockerfile\n+++ b/Dockerfile\n") != std::string::npos);
  REQUIRE(run(quote(IMGSLIM_BINARY) + " rewrite " + quote(tmp + "/Dockerfile"), &out) == 0);
  CHECK(out.find("a//") == std::string::npos);
  fs::remove_all(tmp);
}
