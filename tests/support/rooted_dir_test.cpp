// RootedDir on a real directory tree made by the test: symlinks inside and
// outside, `..`, absolute targets, loops, FIFOs, devices, oversized files.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/rooted_dir.h"
#include "tests/run_command.h"

namespace fs = std::filesystem;
using imgslim::RootedDir;
using imgslim::RootedKind;
using imgslim::testing::TempDir;

namespace {

const std::string kSecret = "ROOTED-DIR-SECRET-7f3a";

// tmp/outside/secret.txt, tmp/ctx/ with a file, a folder and links.
struct Tree {
  TempDir tmp;
  std::string ctx = tmp / "ctx";
  Tree() {
    fs::create_directories(tmp / "outside");
    fs::create_directories(ctx + "/config/deep");
    std::ofstream(tmp / "outside/secret.txt") << kSecret << "\n";
    std::ofstream(ctx + "/package.json") << "{\"name\":\"inside\"}\n";
    std::ofstream(ctx + "/config/deep/app.conf") << "inside\n";
  }
  void link(const std::string& target, const std::string& name) const { fs::create_symlink(target, ctx + "/" + name); }
  std::string at(const std::string& name) const { return ctx + "/" + name; }
};

}  // namespace

TEST_CASE("rooted dir: plain files and folders inside the root") {
  Tree t;
  RootedDir root(t.ctx);
  CHECK(root.read(t.at("package.json")) == std::string("{\"name\":\"inside\"}\n"));
  CHECK(root.is_directory(t.at("config")));
  CHECK(root.is_file(t.at("config/deep/app.conf")));
  CHECK(root.resolve(t.at("nope.json")).kind == RootedKind::Missing);
  CHECK(root.resolve(t.at("package.json/x")).kind == RootedKind::Missing);
  CHECK(root.notes().empty());
}

TEST_CASE("rooted dir: symlinks that stay inside are followed") {
  Tree t;
  t.link("config/deep/app.conf", "relative.conf");
  t.link(fs::canonical(t.ctx).string() + "/package.json", "absolute-inside.json");
  t.link("config/deep", "deep-link");
  t.link("../../package.json", "config/deep/up.json");  // climbs, but not past the root
  RootedDir root(t.ctx);
  CHECK(root.read(t.at("relative.conf")) == std::string("inside\n"));
  CHECK(root.read(t.at("absolute-inside.json")).has_value());
  CHECK(root.read(t.at("deep-link/app.conf")) == std::string("inside\n"));
  CHECK(root.read(t.at("config/deep/up.json")).has_value());
  CHECK(root.read(t.at("config/../package.json")).has_value());
  CHECK(root.notes().empty());
}

TEST_CASE("rooted dir: links and paths leaving the root are absent, with one note each") {
  Tree t;
  t.link("../outside/secret.txt", ".dockerignore");
  t.link(t.tmp / "outside/secret.txt", "package-lock.json");
  t.link("../outside", "conf");
  t.link("../../../outside/secret.txt", "config/deep/escape.txt");
  RootedDir root(t.ctx);
  auto e = root.resolve(t.at(".dockerignore"));
  CHECK(e.kind == RootedKind::Refused);
  CHECK(e.why == "is a symbolic link leading outside the build context");
  CHECK_FALSE(root.read(t.at(".dockerignore")).has_value());
  CHECK_FALSE(root.read(t.at("package-lock.json")).has_value());
  CHECK_FALSE(root.read(t.at("config/deep/escape.txt")).has_value());
  e = root.resolve(t.at("conf/secret.txt"));
  CHECK(e.kind == RootedKind::Refused);
  CHECK(e.why == "reaches outside the build context through the symbolic link " + t.at("conf"));
  CHECK_FALSE(root.exists(t.at("conf")));
  e = root.resolve(t.at("../outside/secret.txt"));
  CHECK(e.kind == RootedKind::Refused);
  CHECK_FALSE(root.read(t.tmp / "outside/secret.txt").has_value());
  CHECK_FALSE(root.read(t.at("config/../../outside/secret.txt")).has_value());
  // One note per path, however often it is asked for; none quotes the content.
  CHECK(root.notes().size() == 8);
  CHECK(root.notes()[0] == t.at(".dockerignore") + ": is a symbolic link leading outside the build context; treated as absent");
  for (const auto& n : root.notes()) CHECK(n.find(kSecret) == std::string::npos);
}

TEST_CASE("rooted dir: loops, FIFOs and devices are never opened") {
  Tree t;
  t.link("b.json", "a.json");
  t.link("a.json", "b.json");
  t.link("/dev/zero", "zero.json");
  REQUIRE(::mkfifo(t.at("pipe.json").c_str(), 0644) == 0);
  RootedDir root(t.ctx, "project directory");
  auto e = root.resolve(t.at("a.json"));
  CHECK(e.kind == RootedKind::Refused);
  CHECK(e.why == "is a symbolic link loop (more than 40 links)");
  CHECK(root.resolve(t.at("zero.json")).why == "is a symbolic link leading outside the project directory");
  e = root.resolve(t.at("pipe.json"));  // a FIFO nobody writes to: opening it would block forever
  CHECK(e.kind == RootedKind::Refused);
  CHECK(e.why == "is a FIFO, not a regular file");
  CHECK_FALSE(root.read(t.at("pipe.json")).has_value());
}

TEST_CASE("rooted dir: files over the size bound are absent") {
  Tree t;
  std::ofstream(t.at("big.json")) << std::string(2048, 'x');
  RootedDir root(t.ctx, "build context", 1024);
  CHECK_FALSE(root.read(t.at("big.json")).has_value());
  REQUIRE(root.notes().size() == 1);
  CHECK(root.notes()[0].find("big.json: is larger than") != std::string::npos);
}

TEST_CASE("rooted dir: a root given as a relative path") {
  Tree t;
  t.link("../outside/secret.txt", ".nvmrc");
  const auto cwd = fs::current_path();
  fs::current_path(t.tmp.path);
  RootedDir root("ctx");
  CHECK(root.read("ctx/package.json").has_value());
  CHECK_FALSE(root.read("ctx/.nvmrc").has_value());
  CHECK(root.resolve("outside/secret.txt").why == "is outside the build context");
  CHECK(root.notes().front() == "ctx/.nvmrc: is a symbolic link leading outside the build context; treated as absent");
  fs::current_path(cwd);
}
