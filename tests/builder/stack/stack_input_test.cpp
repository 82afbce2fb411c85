// `compose --measure` on bad input: one line naming the service (or the
// engine), exit 2, and nothing of the project left in the engine; a Ctrl-C
// mid-run removes the stack too.
#include <arpa/inet.h>
#include <fcntl.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "stack_support.h"

using namespace imgslim::builder::stack::test;

namespace {

// The single "imgslim: …" line of a failed run (progress lines aside).
std::string error_line(const std::string& err) {
  std::string last;
  std::size_t start = 0;
  while (start < err.size()) {
    std::size_t end = err.find('\n', start);
    if (end == std::string::npos) end = err.size();
    std::string line = err.substr(start, end - start);
    if (!line.empty()) last = line;
    start = end + 1;
  }
  return last;
}

}  // namespace

TEST_CASE("stack: a limit the engine refuses names the service and removes what already started") {
  const std::string project = "imgslim-test-stack-refused";
  auto r = measure("refused-limit.yml", project, {});
  CHECK(r.exit_code == 2);
  CHECK(error_line(r.err) ==
        "imgslim: service tiny: the engine refuses its container: Minimum memory limit allowed is 6MB");
  CHECK(r.err.find("starting store") != std::string::npos);  // the store was running when tiny was refused
  CHECK(leftovers(project).empty());
}

TEST_CASE("stack: an image neither in the engine nor pullable names the service") {
  const std::string project = "imgslim-test-stack-ghost";
  auto r = measure("unknown-image.yml", project, {});
  CHECK(r.exit_code == 2);
  CHECK(error_line(r.err).find("imgslim: service ghost: image imgslim-test/stack-does-not-exist:1 is not in the "
                               "engine and cannot be pulled: ") == 0);
  CHECK(leftovers(project).empty());
}

TEST_CASE("stack: a published port already in use names the service and the port") {
  const std::string project = "imgslim-test-stack-port";
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(18622);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 1) == 0);
  auto r = measure("docker-compose.slim.yml", project, {}, {"API_PORT=18622"});
  ::close(fd);
  CHECK(r.exit_code == 2);
  CHECK(error_line(r.err) == "imgslim: service api: port 18622 is already in use on this host (Address already in use)");
  CHECK(leftovers(project).empty());
}

TEST_CASE("stack: no engine running is one line naming its address") {
  auto r = measure("oom.yml", "imgslim-test-stack-noengine", {}, {"DOCKER_HOST=unix:///nonexistent/docker.sock"});
  CHECK(r.exit_code == 2);
  CHECK(error_line(r.err).find("imgslim: cannot reach the Docker engine at unix:///nonexistent/docker.sock") == 0);
}

TEST_CASE("stack: Ctrl-C while measuring removes the stack") {
  const std::string project = "imgslim-test-stack-sigint";
  pid_t pid = ::fork();
  if (pid == 0) {
    int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 1);
    ::dup2(devnull, 2);
    if (::chdir(fixture_dir().c_str()) != 0) ::_exit(127);
    ::execl(IMGSLIM_BINARY, IMGSLIM_BINARY, "compose", "-f", "never-healthy.yml", "-p", project.c_str(), "--measure",
            "--timeout", "120", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Wait for the stack's first container, then interrupt as a terminal would.
  bool seen = false;
  for (int i = 0; i < 100 && !seen; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    seen = !leftovers(project).empty();
  }
  CHECK(seen);
  auto start = std::chrono::steady_clock::now();
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(took < 30);
  CHECK(leftovers(project).empty());
}

TEST_CASE("stack: --compare measures both stacks and gives the deltas, over the host's memory exits 1") {
  const std::string project = "imgslim-test-stack-compare";
  // 270 MB host: 257.5 MiB minus the 256 MiB OS reserve leaves 1.5 MiB, less than any stack's peak.
  auto r = measure("docker-compose.yml", project,
                   {"--compare", "docker-compose.slim.yml", "--duration", "1", "--host-memory", "270M"},
                   {"API_PORT=18623"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  auto doc = nlohmann::json::parse(r.out);
  REQUIRE(doc.contains("compare"));
  const auto& c = doc["compare"];
  for (const char* side : {"before", "after"}) {
    INFO(side);
    CHECK(c[side]["services"].size() == 2);
    CHECK(service(c[side], "store")["healthy"] == true);
    CHECK(service(c[side], "api")["healthy"] == true);
    CHECK(c[side]["stack"]["fits_host"] == false);
    CHECK(c[side]["failures"].dump().find("the host has for containers") != std::string::npos);
  }
  // node:20 against node:20-slim: the after stack's images are far smaller.
  CHECK(c["delta"]["images_bytes"].get<std::int64_t>() < -(400ll << 20));
  CHECK(c["delta"]["images_bytes"].get<std::int64_t>() ==
        c["after"]["stack"]["images_bytes"].get<std::int64_t>() - c["before"]["stack"]["images_bytes"].get<std::int64_t>());
  CHECK(c["delta"]["memory_limits_bytes"].get<std::int64_t>() == (160ll << 20));
  CHECK(c["delta"]["all_healthy_seconds"].is_number());
  CHECK(doc["measure"]["files"] == c["before"]["files"]);
  CHECK(leftovers(project).empty());
}

TEST_CASE("stack: --keep leaves a measured stack up and says how to remove it, but not one that failed to start") {
  const std::string project = "imgslim-test-stack-keep";
  auto r = measure("oom.yml", project, {"--keep", "--duration", "3"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  auto m = measure_of(r);
  CHECK(m["teardown"].get<std::string>().find("kept running (--keep); remove it with: docker rm -f $(docker ps -aq "
                                              "--filter label=org.imgslim.measure.run=") == 0);
  auto left = leftovers(project);
  CHECK(left.size() == 2);  // the exited hog container and the project network
  for (const auto& kind : {"ps -aq", "network ls -q"}) {
    auto ids = imgslim::testing::run({"sh", "-c", std::string("docker ") + kind +
                                                      " --filter label=org.imgslim.measure.project=" + project +
                                                      " | xargs -r docker " + (kind[0] == 'p' ? "rm -f" : "network rm")});
    CHECK(ids.exit_code == 0);
  }
  CHECK(leftovers(project).empty());

  auto refused = measure("refused-limit.yml", project, {"--keep"});
  CHECK(refused.exit_code == 2);
  CHECK(leftovers(project).empty());
}
