// One hostile case, generated into a fresh temp dir, and the checks every
// case shares: bounded run, exit code, one-line errors naming the input,
// nothing written outside the requested output, no partial output file.
#pragma once
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fixtures/hostile_corpus.h"
#include "tests/hostile/bounded_run.h"

namespace imgslim::testing {

class HostileCase {
 public:
  explicit HostileCase(const std::string& name) {
    case_dir_ = tmp_ / "case";
    work_dir_ = tmp_ / "work";
    std::filesystem::create_directories(case_dir_);
    std::filesystem::create_directories(work_dir_);
    target_ = fixtures::hostile::find_case(name).write(case_dir_);
    before_ = tree_of(case_dir_);
  }

  const std::string& target() const { return target_; }
  const std::string& work() const { return work_dir_; }

  // Runs imgslim in the (emptied) work dir. Afterwards the case's files are
  // unchanged and the work dir holds exactly `outputs`.
  BoundedResult run(const std::vector<std::string>& args, const std::set<std::string>& outputs = {},
                    const std::vector<std::string>& env = {}, Bounds bounds = {}) {
    if (sanitized_build()) bounds.seconds *= 4;
    for (const auto& e : std::filesystem::directory_iterator(work_dir_)) std::filesystem::remove_all(e.path());
    BoundedResult r = run_bounded(args, work_dir_, env, bounds);
    INFO("imgslim " << join(args) << "\nstderr: " << r.result.err.substr(0, 2000));
    CHECK_FALSE(r.timed_out);
    CHECK(r.result.exit_code < 128);  // not killed by a signal (crash, OOM kill)
    CHECK(tree_of(case_dir_) == before_);
    CHECK(tree_of(work_dir_) == outputs);
    CHECK(r.result.out.find(fixtures::hostile::kCanary) == std::string::npos);
    CHECK(r.result.err.find(fixtures::hostile::kCanary) == std::string::npos);
    return r;
  }

  std::string read_output(const std::string& name) const {
    std::ifstream in(work_dir_ + "/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  static std::string join(const std::vector<std::string>& args) {
    std::string s;
    for (const auto& a : args) s += (s.empty() ? "" : " ") + a.substr(0, 200);
    return s;
  }

 private:
  TempDir tmp_;
  std::string case_dir_, work_dir_, target_;
  std::set<std::string> before_;
};

// Exit 2 and exactly one stderr line (warnings aside) "imgslim: ..." naming
// `input` and the `problem`.
inline void expect_error(const BoundedResult& r, const std::string& input, const std::string& problem) {
  INFO("stderr: " << r.result.err.substr(0, 2000));
  CHECK(r.result.exit_code == 2);
  std::istringstream lines(r.result.err);
  std::vector<std::string> errors;
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("imgslim: warning:", 0) != 0) errors.push_back(line);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rfind("imgslim: ", 0) == 0);
  CHECK(errors[0].find(input) != std::string::npos);
  CHECK(errors[0].find(problem) != std::string::npos);
}

// `analyze --format json -o out.json`: exit 0, the report parsed.
inline nlohmann::json analyze_ok(HostileCase& c, const std::vector<std::string>& extra = {},
                                 const std::vector<std::string>& env = {}, Bounds bounds = {}) {
  std::vector<std::string> args{"analyze", c.target(), "--format", "json", "-o", "out.json"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = c.run(args, {"out.json"}, env, bounds);
  INFO("stderr: " << r.result.err.substr(0, 2000));
  REQUIRE(r.result.exit_code == 0);
  return nlohmann::json::parse(c.read_output("out.json"));
}

// `analyze --format json -o out.json` fails: one line, exit 2, no out.json.
inline void analyze_fails(HostileCase& c, const std::string& input, const std::string& problem,
                          const std::vector<std::string>& extra = {}, const std::vector<std::string>& env = {},
                          Bounds bounds = {}) {
  std::vector<std::string> args{"analyze", c.target(), "--format", "json", "-o", "out.json"};
  args.insert(args.end(), extra.begin(), extra.end());
  expect_error(c.run(args, {}, env, bounds), input, problem);
}

inline std::set<std::string> largest_paths(const nlohmann::json& report) {
  std::set<std::string> out;
  for (const auto& f : report["largest_files"]) out.insert(f["path"].get<std::string>());
  return out;
}

}  // namespace imgslim::testing
