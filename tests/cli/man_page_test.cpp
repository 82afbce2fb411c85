// The man pages `imgslim man DIR` writes: one per command, rendered by man
// and groff without a warning, naming every option the command's --help shows.
#include <doctest/doctest.h>

#include "tests/cli/cli_test_util.h"

using namespace imgslim::cli::testing;

namespace {

std::string write_pages(const std::string& name) {
  std::string dir = scratch(name);
  auto r = run_imgslim({"man", dir});
  REQUIRE(r.exit_code == 0);
  return dir;
}

std::string rendered(const std::string& page) {
  auto r = run({"sh", "-c", "man -l \"$0\" | col -b", page}, {"MANWIDTH=200", "MANPAGER=cat", "PAGER=cat"});
  REQUIRE(r.exit_code == 0);
  return r.out;
}

}  // namespace

TEST_CASE("man: a page for imgslim and for every subcommand, nested ones too, none for hidden commands") {
  std::string dir = write_pages("pages");
  CHECK(std::filesystem::is_regular_file(dir + "/imgslim.1"));
  for (const auto& sub : help_subcommands({})) {
    CHECK_MESSAGE(std::filesystem::is_regular_file(dir + "/imgslim-" + sub + ".1"), sub);
    for (const auto& nested : help_subcommands({sub}))
      CHECK_MESSAGE(std::filesystem::is_regular_file(dir + "/imgslim-" + sub + "-" + nested + ".1"), nested);
  }
  CHECK(std::filesystem::is_regular_file(dir + "/imgslim-compose-config.1"));
  CHECK_FALSE(std::filesystem::exists(dir + "/imgslim-man.1"));
}

TEST_CASE("man: every page renders without a warning from groff and from man") {
  std::string dir = write_pages("render");
  int pages = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    ++pages;
    auto groff = run({"groff", "-man", "-ww", "-z", e.path().string()});
    CHECK_MESSAGE(groff.exit_code == 0, e.path());
    CHECK_MESSAGE(groff.err == "", (e.path().string() + ": " + groff.err));
    auto man = run({"man", "--warnings", "-l", e.path().string()}, {"MANWIDTH=80", "MANPAGER=cat", "PAGER=cat"});
    CHECK_MESSAGE(man.exit_code == 0, e.path());
    CHECK_MESSAGE(man.err == "", (e.path().string() + ": " + man.err));
    CHECK(man.out.find("SYNOPSIS") != std::string::npos);
  }
  CHECK(pages >= 10);
}

TEST_CASE("man: each page names every option and argument of its command, and imgslim(1) every command") {
  std::string dir = write_pages("content");
  std::string top = rendered(dir + "/imgslim.1");
  for (const auto& sub : help_subcommands({})) {
    CHECK_MESSAGE(top.find("imgslim-" + sub + "(1)") != std::string::npos, sub);
    std::string page = rendered(dir + "/imgslim-" + sub + ".1");
    CHECK(page.find("imgslim " + sub) != std::string::npos);
    for (const auto& opt : help_options({sub}))
      CHECK_MESSAGE(page.find(opt) != std::string::npos, (sub + " " + opt));
  }
  std::string nested = rendered(dir + "/imgslim-compose-config.1");
  for (const auto& opt : help_options({"compose", "config"})) CHECK_MESSAGE(nested.find(opt) != std::string::npos, opt);
  std::string check = rendered(dir + "/imgslim-check.1");
  CHECK(check.find("REF") != std::string::npos);
  CHECK(check.find("One of: text, json, junit, sarif, markdown, codeclimate.") != std::string::npos);
}
