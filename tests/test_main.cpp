// The doctest main of every test executable. On top of doctest's own run it
// refuses what would let a ctest entry pass without testing anything:
//  - a test case name that ctest's doctest discovery cannot turn into one
//    entry running exactly that case (';' splits it, '[' ']' '\' break the
//    CMake list, '*' '?' are filter wildcards, names equal but for case match
//    each other's filter): every run fails, so the build's discovery does too;
//  - a run whose filters matched no test case (exit 1 with a message);
//  - a test case that ran without evaluating a single assertion.
// Every run gets its own XDG_CACHE_HOME (removed at exit), so no test reads
// or fills the user's layer cache, the imgslim processes it starts included.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

struct RunRecord {
  bool ran = false;  // a run, not a query (--list-test-cases, --count, --help ...)
  unsigned executed = 0;
  std::vector<std::string> without_assertions;
};

RunRecord& record() {
  static RunRecord r;
  return r;
}

// A listener: doctest calls it beside the reporters; it only counts.
struct RunCounter : doctest::IReporter {
  explicit RunCounter(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override { record().ran = true; }
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_start(const doctest::TestCaseData& tc) override {
    ++record().executed;
    current_ = tc.m_name;
  }
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats& st) override {
    if (st.numAssertsCurrentTest == 0 && st.failure_flags == doctest::TestCaseFailureReason::None)
      record().without_assertions.push_back(current_);
  }
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}

 private:
  std::string current_;
};

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

// What is wrong with the registered test case names, one line each.
std::vector<std::string> name_problems() {
  std::vector<std::string> out;
  std::map<std::string, std::string> seen;  // lowercased name -> file:line
  for (const auto& tc : doctest::detail::getRegisteredTests()) {
    const std::string name = tc.m_name;
    const std::string where = std::string(tc.m_file.c_str()) + ":" + std::to_string(tc.m_line);
    std::string why;
    if (name.empty() || name.front() == ' ' || name.back() == ' ')
      why = "is empty or starts or ends with a space";
    else if (const auto bad = name.find_first_of(";[]\\*?"); bad != std::string::npos)
      why = std::string("holds '") + name[bad] + "', which ctest's doctest discovery or doctest's filter splits or "
            "widens: the ctest entry would not run this test case";
    else if (auto [it, fresh] = seen.emplace(lowercase(name), where); !fresh)
      why = "is also the name (ignoring case) of the test case at " + it->second +
            ": one ctest entry would run both";
    if (!why.empty()) out.push_back(where + ": test case \"" + name + "\" " + why);
  }
  return out;
}

}  // namespace

DOCTEST_REGISTER_LISTENER("imgslim-run-counter", 1, RunCounter);

namespace {

// A fresh cache home for this run, removed when the run ends.
struct PrivateCacheHome {
  PrivateCacheHome() {
    char tmpl[] = "/tmp/imgslim-test-cache-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) return;
    path = tmpl;
    ::setenv("XDG_CACHE_HOME", path.c_str(), 1);
  }
  ~PrivateCacheHome() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
  std::string path;
};

}  // namespace

int main(int argc, char** argv) {
  std::string program = argc > 0 ? argv[0] : "test";
  program = program.substr(program.find_last_of('/') + 1);
  if (const auto problems = name_problems(); !problems.empty()) {
    for (const auto& p : problems) std::cerr << program << ": " << p << "\n";
    return 1;
  }
  PrivateCacheHome cache_home;
  doctest::Context context(argc, argv);
  const int rc = context.run();
  const RunRecord& r = record();
  if (context.shouldExit() || !r.ran) return rc;
  if (r.executed == 0) {
    std::cerr << program << ": no test case matched the filters; a run that tests nothing fails\n";
    return 1;
  }
  if (!r.without_assertions.empty()) {
    for (const auto& name : r.without_assertions)
      std::cerr << program << ": test case \"" << name << "\" ran without evaluating any assertion\n";
    return 1;
  }
  return rc;
}
