// Issue #25 with the real engine: the reference backend rewritten by default
// (no package managers, pruned node_modules) and with --runtime minimal
// (FROM scratch), against the hand-written multi-stage Dockerfile on the same
// bases (tests/builder/variants/backend-slim.Dockerfile): each built and
// smoke-checked (health route 200, non-root), stopped with SIGTERM (exit 0),
// under the size ratios; every ELF file of a minimal image finds each library
// it needs in the image (imgslim's own ELF reader); a backend with a native
// addon runs in minimal; the reference frontend's minimal nginx runtime
// serves the SPA with gzip and immutable caching. Sizes are printed for the README.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "builder/measure.h"
#include "builder_support.h"
#include "support/elf_dynamic.h"
#include "support/error.h"
#include "tests/run_command.h"

namespace fs = std::filesystem;
using imgslim::testing::run;
using imgslim::testing::run_imgslim;
using namespace imgslim::builder;

namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string temp_dir(const std::string& tag) {
  auto dir = fs::temp_directory_path() / ("imgslim-runtime-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

// `imgslim rewrite` of a Dockerfile into `out`.
void rewrite(const std::string& dockerfile, const std::string& context, const std::vector<std::string>& extra,
             const std::string& out) {
  std::vector<std::string> args = {"rewrite", dockerfile, "--context", context, "--init-from", "imgslim/dumb-init:1",
                                   "-o", out};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run_imgslim(args);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

std::string mb(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

// Starts the image, waits for GET `path` on `port` to answer 200 (asked with
// the image's own node), stops it with SIGTERM; returns the exit code.
int sigterm_exit_code(const std::string& image, const std::string& name, int port, const std::string& path) {
  run({"docker", "rm", "-f", name});
  auto started = run({"docker", "run", "-d", "--name", name, "--network", "none", image});
  REQUIRE_MESSAGE(started.exit_code == 0, started.err);
  const std::string js = "fetch('http://127.0.0.1:" + std::to_string(port) + path +
                         "').then(r => console.log(r.status), e => console.log(e.cause ? e.cause.code : e.message))";
  std::string got;
  for (int i = 0; i < 60 && got != "200"; ++i) {
    got = trim(run({"docker", "exec", name, "node", "-e", js}).out);
    if (got != "200") std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  CHECK_MESSAGE(got == "200", std::string(image + ": GET " + path + " answered " + got));
  auto stopped = run({"docker", "stop", "-t", "10", name});
  CHECK(stopped.exit_code == 0);
  const std::string code = trim(run({"docker", "inspect", "-f", "{{.State.ExitCode}}", name}).out);
  INFO("logs: " << run({"docker", "logs", name}).out);
  run({"docker", "rm", "-f", name});
  return code.empty() ? -1 : std::stoi(code);
}

// Exports the image's file system and checks, with imgslim's ELF reader,
// that every ELF file's interpreter and DT_NEEDED libraries are in it (in
// the directories glibc's loader searches on Debian). Returns the ELF count.
int check_elf_closure(const std::string& image, const std::string& tmp) {
  const std::string root = tmp + "/rootfs", tar = tmp + "/rootfs.tar", name = "imgslim-test-runtime-export";
  run({"docker", "rm", "-f", name});
  REQUIRE(run({"docker", "create", "--name", name, image}).exit_code == 0);
  auto exported = run({"docker", "export", "-o", tar, name});
  run({"docker", "rm", "-f", name});
  REQUIRE_MESSAGE(exported.exit_code == 0, exported.err);
  fs::create_directories(root);
  REQUIRE(run({"tar", "-xf", tar, "-C", root, "--no-same-owner", "--exclude=dev/*"}).exit_code == 0);
  CHECK_FALSE(fs::exists(root + "/bin/sh"));  // no shell in a minimal image
  CHECK(fs::exists(root + "/etc/passwd"));
  CHECK((fs::status(root + "/tmp").permissions() & fs::perms::sticky_bit) == fs::perms::sticky_bit);
  const std::vector<std::string> dirs = {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                                         "/usr/lib/aarch64-linux-gnu", "/lib", "/usr/lib", "/lib64", "/usr/lib64"};
  int elves = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.is_symlink()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string rel = e.path().string().substr(root.size());
    auto elf = imgslim::read_elf_dynamic(bytes, rel);
    if (!elf.elf) continue;
    ++elves;
    CAPTURE(rel);
    if (!elf.interpreter.empty()) CHECK_MESSAGE(fs::exists(root + elf.interpreter), std::string(rel + " needs " + elf.interpreter));
    for (const auto& lib : elf.needed) {
      bool found = false;
      for (const auto& d : dirs) found = found || fs::exists(root + d + "/" + lib);
      CHECK_MESSAGE(found, std::string(rel + " needs " + lib + ", which the image does not have"));
    }
  }
  return elves;
}

}  // namespace

TEST_CASE("runtime: reference backend, default and minimal runtimes against the hand-written Dockerfile") {
  auto engine = make_docker_engine();
  test::require_prerequisites(*engine);
  const std::string tmp = temp_dir("backend");
  const std::string context = test::source("fixtures/apps/backend");
  const std::string naive = test::source("dockerfiles/templates/backend.Dockerfile");
  rewrite(naive, context, {}, tmp + "/default.Dockerfile");
  rewrite(naive, context, {"--runtime", "minimal"}, tmp + "/minimal.Dockerfile");
  // Idempotence of both.
  for (const std::string& v : {std::string("default"), std::string("minimal")}) {
    rewrite(tmp + "/" + v + ".Dockerfile", context, v == "minimal" ? std::vector<std::string>{"--runtime", "minimal"}
                                                                   : std::vector<std::string>{},
            tmp + "/" + v + ".again");
    auto read = [](const std::string& p) {
      std::ifstream in(p);
      return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    CHECK_MESSAGE(read(tmp + "/" + v + ".again") == read(tmp + "/" + v + ".Dockerfile"), std::string(v + " is not a fixed point"));
  }

  MeasureOptions o;
  o.context = context;
  o.network = "none";
  o.keep = true;
  o.smoke.url_path = "/health";
  auto report = measure_variants(*engine, {{"hand-written", test::variant("backend-slim.Dockerfile")},
                                           {"default", tmp + "/default.Dockerfile"},
                                           {"minimal", tmp + "/minimal.Dockerfile"}},
                                 o);
  const std::string table = render_measure(report, "text");
  INFO(table);
  MESSAGE(table);
  REQUIRE(report.variants.size() == 3);
  const auto& hand = report.variants[0];
  const auto& def = report.variants[1];
  const auto& minimal = report.variants[2];
  for (const auto* v : {&hand, &def, &minimal}) {
    CAPTURE(v->name);
    CHECK(v->ok());
    CHECK(v->smoke.method == "url");
    CHECK(v->smoke.uid == 1000);
    if (v->built) CHECK(sigterm_exit_code(v->image, "imgslim-test-runtime-" + v->name, 3000, "/health") == 0);
  }
  std::printf("runtime: hand-written %s, default %s (%.2fx), minimal %s (%.2fx)\n", mb(hand.facts.size).c_str(),
              mb(def.facts.size).c_str(), double(def.facts.size) / double(hand.facts.size), mb(minimal.facts.size).c_str(),
              double(minimal.facts.size) / double(hand.facts.size));
  CHECK(def.facts.size * 100 <= hand.facts.size * 85);
  CHECK(minimal.facts.size * 100 <= hand.facts.size * 55);
  if (minimal.built) CHECK(check_elf_closure(minimal.image, tmp) >= 2);  // node, dumb-init and the libraries
  for (const auto& v : report.variants)
    if (v.built) engine->remove_image(v.image);
  fs::remove_all(tmp);
}

TEST_CASE("runtime: a backend with a native addon runs in the minimal runtime") {
  auto engine = make_docker_engine();
  test::require_prerequisites(*engine);
  const std::string src = test::source("fixtures/projects/native-addon");
  auto gen = run({"flock", "/tmp/imgslim-fixture-projects.lock", "node", test::source("fixtures/projects/generate.mjs")});
  INFO(gen.out << gen.err);
  REQUIRE(gen.exit_code == 0);
  const std::string tmp = temp_dir("addon");
  rewrite(src + "/Dockerfile", src, {"--runtime", "minimal"}, tmp + "/Dockerfile");
  MeasureOptions o;
  o.context = src;
  o.network = "none";
  o.keep = true;
  o.smoke.url_path = "/health";
  auto report = measure_variants(*engine, {{"minimal", tmp + "/Dockerfile"}}, o);
  INFO(render_measure(report, "text"));
  REQUIRE(report.variants.size() == 1);
  const auto& v = report.variants[0];
  CHECK(v.ok());
  CHECK(v.smoke.uid == 1000);
  if (v.built) {
    // This app installs no SIGTERM handler: node ends by the signal dumb-init forwards (128 + 15), at
    // once, not killed after docker stop's timeout (137).
    CHECK(sigterm_exit_code(v.image, "imgslim-test-runtime-addon", 3000, "/health") == 143);
    // The addon is an ELF file of the image, and its libraries are there.
    CHECK(check_elf_closure(v.image, tmp) >= 3);
    engine->remove_image(v.image);
  }
  fs::remove_all(tmp);
}

TEST_CASE("runtime: reference frontend, minimal nginx runtime against the hand-written Dockerfile") {
  auto engine = make_docker_engine();
  test::require_prerequisites(*engine);
  const std::string tmp = temp_dir("frontend");
  const std::string context = test::source("fixtures/apps/frontend");
  rewrite(test::source("dockerfiles/templates/frontend.Dockerfile"), context, {"--runtime", "minimal"},
          tmp + "/minimal.Dockerfile");
  rewrite(tmp + "/minimal.Dockerfile", context, {"--runtime", "minimal"}, tmp + "/minimal.again");
  {
    std::ifstream a(tmp + "/minimal.Dockerfile"), b(tmp + "/minimal.again");
    std::string x((std::istreambuf_iterator<char>(a)), std::istreambuf_iterator<char>());
    std::string y((std::istreambuf_iterator<char>(b)), std::istreambuf_iterator<char>());
    CHECK_MESSAGE(x == y, "the minimal frontend rewrite is not a fixed point");
  }
  MeasureOptions o;
  o.context = context;
  o.network = "none";
  o.keep = true;
  o.smoke.url_path = "/items/2";
  auto report = measure_variants(*engine, {{"hand-written", test::variant("frontend-slim.Dockerfile")},
                                           {"minimal", tmp + "/minimal.Dockerfile"}},
                                 o);
  const std::string table = render_measure(report, "text");
  INFO(table);
  MESSAGE(table);
  REQUIRE(report.variants.size() == 2);
  const auto& hand = report.variants[0];
  const auto& minimal = report.variants[1];
  CHECK(hand.ok());
  CHECK(minimal.ok());
  CHECK(minimal.smoke.uid == 101);
  std::printf("runtime: frontend hand-written %s, minimal %s (%.2fx)\n", mb(hand.facts.size).c_str(),
              mb(minimal.facts.size).c_str(), double(minimal.facts.size) / double(hand.facts.size));
  CHECK(minimal.facts.size * 100 <= hand.facts.size * 25);
  if (minimal.built) {
    // Index, SPA route, gzip and immutable caching, asked from node:20-slim in the container's network.
    const std::string name = "imgslim-test-runtime-frontend";
    run({"docker", "rm", "-f", name});
    REQUIRE(run({"docker", "run", "-d", "--name", name, "--network", "none", minimal.image}).exit_code == 0);
    auto get = [&](const std::string& path, bool headers) {
      const std::string js =
          "fetch('http://127.0.0.1:8080" + path + "', { headers: { 'accept-encoding': 'gzip' } }).then(async r => "
          "console.log(" + (headers ? std::string("r.headers.get('content-encoding') + ' ' + r.headers.get('cache-control')")
                                    : std::string("await r.text()")) + "), e => console.log('error ' + e.message))";
      return run({"docker", "run", "--rm", "--network", "container:" + name, "node:20-slim", "node", "-e", js}).out;
    };
    std::string index;
    for (int i = 0; i < 50 && index.find("<div id=\"app\">") == std::string::npos; ++i) {
      index = get("/", false);
      if (index.find("<div id=\"app\">") == std::string::npos) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    CHECK(index.find("<div id=\"app\">") != std::string::npos);
    CHECK(get("/items/2", false) == index);  // SPA fallback
    auto at = index.find("/assets/");
    REQUIRE(at != std::string::npos);
    const std::string asset = index.substr(at, index.find('"', at) - at);
    const std::string headers = get(asset, true);
    CHECK(headers.starts_with("gzip "));
    CHECK(headers.find("immutable") != std::string::npos);
    REQUIRE(run({"docker", "stop", "-t", "10", name}).exit_code == 0);
    CHECK(trim(run({"docker", "inspect", "-f", "{{.State.ExitCode}}", name}).out) == "0");
    run({"docker", "rm", "-f", name});
    CHECK(check_elf_closure(minimal.image, tmp) >= 2);  // nginx and its libraries
  }
  for (const auto& v : report.variants)
    if (v.built) engine->remove_image(v.image);
  fs::remove_all(tmp);
}
