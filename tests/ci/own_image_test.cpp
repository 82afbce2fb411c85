// imgslim's own image (the Dockerfile at the repository root, issue #19): built
// with the real engine (BuildKit, --network none, on the local build base
// scripts/bases/build-cxx.sh makes) once per content of its build context (a
// label holds the fingerprint; concurrent test processes wait on one lock),
// then run as users run it: `analyze` of an engine image through the mounted
// Docker socket and of a docker-archive tar mounted in, both answering what
// the host's imgslim answers; and it lints clean and meets the budget beside
// the Dockerfile. Labelled engine-bound (tests/engine_bound.cmake).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/ci/ci_test_util.h"

using namespace imgslim::ci::testing;

namespace {

const std::string kSource = IMGSLIM_SOURCE_DIR;
const std::string kTag = "imgslim-test/ci-own-image:latest";
const std::string kBase = "imgslim/build-cxx:bookworm";
const std::string kSocket = "/var/run/docker.sock";
const std::string kBudget = kSource + "/Dockerfile.budget.yaml";

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

CommandResult sh(const std::string& command) { return run({"/bin/sh", "-c", command}); }

// The context's content as BuildKit gets it: the paths .dockerignore's
// allow-list lets through, the Dockerfile, and the build base.
std::string fingerprint() {
  auto r = sh("cd '" + kSource + "' && { sed -n 's/^!//p' .dockerignore | xargs find | LC_ALL=C sort | "
              "while read -r f; do [ -f \"$f\" ] && sha256sum \"$f\"; done; sha256sum Dockerfile .dockerignore; "
              "docker image inspect -f '{{.Id}}' " + kBase + "; } | sha256sum | cut -c1-24");
  REQUIRE(r.exit_code == 0);
  return trim(r.out);
}

std::string build_command() {
  if (run({"docker", "buildx", "version"}).exit_code == 0) return "docker buildx build --load";
  return "DOCKER_BUILDKIT=1 /usr/bin/docker build";
}

// Builds the image unless one of this context's content is there; returns its tag.
const std::string& own_image() {
  static bool ready = false;
  if (ready) return kTag;
  REQUIRE_MESSAGE(run({"docker", "image", "inspect", kBase}).exit_code == 0,
                  (kBase + " missing: run scripts/bases/build-cxx.sh (scripts/services/35-cxx-base.sh start does)"));
  int lock = ::open("/tmp/imgslim-test-ci-own-image.lock", O_CREAT | O_RDWR, 0666);
  REQUIRE(lock >= 0);
  REQUIRE(::flock(lock, LOCK_EX) == 0);
  const std::string fp = fingerprint();
  auto have = run({"docker", "image", "inspect", "-f", "{{index .Config.Labels \"org.imgslim.test.context\"}}", kTag});
  if (trim(have.out) != fp) {
    auto commit = run({"git", "-C", kSource, "describe", "--always", "--dirty", "--abbrev=12"});
    const auto start = std::chrono::steady_clock::now();
    auto r = sh(build_command() + " --network none -q --label org.imgslim.test.context=" + fp +
                " --build-arg IMGSLIM_GIT_COMMIT=" + trim(commit.out) + " -t " + kTag + " '" + kSource + "' 2>&1");
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string log = r.out.size() > 6000 ? "…" + r.out.substr(r.out.size() - 6000) : r.out;
    INFO("build log:\n" << log);
    REQUIRE_MESSAGE(r.exit_code == 0, "the root Dockerfile does not build");
    MESSAGE("built " << kTag << " in " << seconds << " s");
  }
  ::flock(lock, LOCK_UN);
  ::close(lock);
  ready = true;
  return kTag;
}

// `docker run --rm --network none [extra] IMAGE args...` as a user types it.
CommandResult run_image(const std::vector<std::string>& extra, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"docker", "run", "--rm", "--network", "none"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(own_image());
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

// The figures two analyses of the same image must agree on.
void same_analysis(const std::string& in_container, const std::string& on_host) {
  auto a = nlohmann::json::parse(in_container, nullptr, false);
  auto b = nlohmann::json::parse(on_host, nullptr, false);
  REQUIRE_MESSAGE(a.is_object(), in_container);
  REQUIRE_MESSAGE(b.is_object(), on_host);
  for (const char* key : {"digest", "total_bytes", "final_bytes", "final_files", "wasted_bytes", "efficiency"})
    CHECK_MESSAGE(a[key] == b[key], key);
  REQUIRE(a["layers"].size() == b["layers"].size());
  for (std::size_t i = 0; i < a["layers"].size(); ++i) CHECK(a["layers"][i]["diff_id"] == b["layers"][i]["diff_id"]);
  CHECK(a["total_bytes"].get<long long>() > 0);
}

std::string socket_group() {
  struct stat st {};
  REQUIRE_MESSAGE(::stat(kSocket.c_str(), &st) == 0, (kSocket + " missing: the Docker Engine is not running"));
  return std::to_string(st.st_gid);
}

}  // namespace

TEST_CASE("image: imgslim's own image is FROM scratch, non-root under dumb-init, small, and runs offline") {
  const std::string& tag = own_image();
  auto inspect = run({"docker", "image", "inspect", "-f", "{{.Size}} {{.Config.User}} {{json .Config.Entrypoint}}", tag});
  REQUIRE(inspect.exit_code == 0);
  long long size = std::stoll(inspect.out);
  MESSAGE(tag << ": " << size << " bytes");
  CHECK(size <= 150'000'000);
  CHECK(inspect.out.find(" 10001:10001 ") != std::string::npos);
  CHECK(inspect.out.find("[\"/usr/bin/dumb-init\",\"--\",\"/usr/local/bin/imgslim\"]") != std::string::npos);
  // One layer: scratch plus the assembled root filesystem, nothing of the build.
  auto layers = run({"docker", "image", "inspect", "-f", "{{len .RootFS.Layers}}", tag});
  CHECK(trim(layers.out) == "1");
  auto version = run_image({}, {"--version"});
  INFO(version.err);
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("imgslim 0.1.0 (commit ", 0) == 0);
  // Distroless: no shell to start.
  auto shell = run_image({"--entrypoint", "/bin/sh"}, {"-c", "true"});
  CHECK(shell.exit_code != 0);
}

TEST_CASE("image: the root Dockerfile lints without a finding and its image meets Dockerfile.budget.yaml") {
  auto lint = run_imgslim({"lint", kSource + "/Dockerfile"});
  INFO(lint.out, lint.err);
  CHECK(lint.exit_code == 0);
  CHECK(lint.out.find("0 findings (0 error, 0 warning, 0 info)") != std::string::npos);
  // The image lints its own Dockerfile the same way, from the checkout mounted
  // in (the .dockerignore beside it is part of what lint reads).
  auto self_lint = run_image({"-v", kSource + ":/src:ro", "-w", "/src"}, {"lint", "Dockerfile"});
  INFO(self_lint.out, self_lint.err);
  CHECK(self_lint.exit_code == 0);
  CHECK(self_lint.out.find("0 findings") != std::string::npos);

  auto check = run_imgslim({"check", own_image(), "--budget", kBudget, "--dockerfile", kSource + "/Dockerfile",
                            "--format", "json"});
  INFO(check.out, check.err);
  REQUIRE(check.exit_code == 0);
  auto report = nlohmann::json::parse(check.out);
  CHECK(report["result"] == "pass");
  CHECK(report["failed"] == 0);
  CHECK(report["skipped"] == 0);
  std::set<std::string> passed;
  for (const auto& rule : report["rules"])
    if (rule["status"] == "PASS") passed.insert(rule["rule"]);
  for (const char* rule : {"max-size", "max-layers", "require-non-root", "require-init", "forbid-paths"})
    CHECK_MESSAGE(passed.count(rule) == 1, rule);
}

TEST_CASE("image: the image analyzes an engine image through the mounted Docker socket as the host does") {
  const std::string& tag = own_image();
  const std::string group = socket_group();
  auto in = run_image({"-v", kSocket + ":/var/run/docker.sock", "--group-add", group}, {"analyze", "--format", "json", tag});
  INFO(in.err);
  REQUIRE(in.exit_code == 0);
  auto host = run_imgslim({"analyze", "--format", "json", tag});
  REQUIRE(host.exit_code == 0);
  same_analysis(in.out, host.out);
  // Without the socket's group the unprivileged user cannot connect: one
  // error line naming the socket, exit 2 (the README says to add the group).
  auto denied = run_image({"-v", kSocket + ":/var/run/docker.sock"}, {"analyze", tag});
  CHECK(denied.exit_code == 2);
  CHECK(denied.out.empty());
  CHECK(denied.err.rfind("imgslim: ", 0) == 0);
  CHECK(denied.err.find("docker.sock") != std::string::npos);
}

TEST_CASE("image: the image analyzes a docker-archive tar mounted in as the host does") {
  const std::string dir = scratch("own-image-tar");
  const std::string tar = example_image(dir);
  ::chmod(tar.c_str(), 0644);
  auto in = run_image({"-v", tar + ":/in/example.tar:ro"}, {"analyze", "--format", "json", "docker-archive:/in/example.tar"});
  INFO(in.err);
  REQUIRE(in.exit_code == 0);
  auto host = run_imgslim({"analyze", "--format", "json", "docker-archive:" + tar});
  REQUIRE(host.exit_code == 0);
  same_analysis(in.out, host.out);
  // The text report a user reads names the packages of the example's lockfile.
  auto text = run_image({"-v", tar + ":/in/example.tar:ro"}, {"analyze", "docker-archive:/in/example.tar"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("example.tar") != std::string::npos);
}
