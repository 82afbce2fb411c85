// Registry responses are untrusted (issue #26): a registry started by the
// test (hostile_registry.py, two servers on 127.0.0.1) redirects blob
// requests to a second server, points token realms and redirects at file://
// and ftp://, and answers with a huge error body full of terminal escapes.
// The second server's log shows which requests carried Authorization.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/run_command.h"

using imgslim::testing::run_imgslim;
using imgslim::testing::TempDir;

namespace {

const std::string kCreds = "imgslim-user:imgslim-pass";

// hostile_registry.py MODE, started on free ports and stopped by the destructor.
class HostileRegistry {
 public:
  explicit HostileRegistry(const std::string& mode) {
    log_ = tmp_ / "requests.log";
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const std::string script = std::string(IMGSLIM_SOURCE_DIR) + "/tests/oci/registry/hostile_registry.py";
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      ::close(fds[1]);
      ::execlp("python3", "python3", script.c_str(), mode.c_str(), log_.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
    std::string line;
    char c;
    while (::read(fds[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(fds[0]);
    std::istringstream(line) >> port1_ >> port2_;
    REQUIRE_MESSAGE(port1_ > 0, "hostile_registry.py did not start: '" << line << "'");
  }
  ~HostileRegistry() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  std::string ref() const { return "docker://127.0.0.1:" + std::to_string(port1_) + "/test/app:1"; }
  // Requests each server received: {server, path, authorization}.
  std::vector<nlohmann::json> requests() const {
    std::vector<nlohmann::json> out;
    std::ifstream in(log_);
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }

 private:
  TempDir tmp_;
  std::string log_;
  pid_t pid_ = -1;
  int port1_ = 0, port2_ = 0;
};

}  // namespace

TEST_CASE("registry hostile: Basic credentials never follow a blob redirect to another server") {
  HostileRegistry reg("redirect");
  const auto r = run_imgslim({"analyze", reg.ref(), "--creds", kCreds, "--format", "json", "-q"});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(nlohmann::json::parse(r.out)["layers"].size() == 1);
  int first_with_auth = 0, second = 0;
  for (const auto& req : reg.requests()) {
    INFO(req.dump());
    if (req["server"] == 2) {
      ++second;
      CHECK(req["authorization"] == "");
    } else if (req["authorization"] != "") {
      ++first_with_auth;
    }
  }
  CHECK(second == 2);             // the config and the layer, both redirected
  CHECK(first_with_auth >= 3);    // manifest, config, layer asked of the registry itself
  CHECK(r.err.find("aW1nc2xpbS11c2Vy") == std::string::npos);
}

TEST_CASE("registry hostile: a Bearer token never follows a blob redirect to another server") {
  HostileRegistry reg("bearer-redirect");
  const auto r = run_imgslim({"analyze", reg.ref(), "--creds", kCreds, "--format", "json", "-q"});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  int token_requests = 0, second = 0;
  for (const auto& req : reg.requests()) {
    INFO(req.dump());
    if (req["server"] == 2) {
      ++second;
      CHECK(req["authorization"] == "");
    } else if (std::string(req["path"]).rfind("/token", 0) == 0) {
      ++token_requests;
      CHECK(std::string(req["authorization"]).rfind("Basic ", 0) == 0);
    }
  }
  CHECK(second == 2);
  CHECK(token_requests >= 1);
}

TEST_CASE("registry hostile: a token realm that is not http(s) is refused") {
  for (const std::string mode : {"realm-file", "realm-ftp"}) {
    HostileRegistry reg(mode);
    const auto r = run_imgslim({"analyze", reg.ref(), "--creds", kCreds, "-q"});
    INFO(mode << " stderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("is not an http(s) URL; refusing to fetch a token from it\n") != std::string::npos);
    CHECK(r.err.find(mode == "realm-file" ? "realm \"file:///etc/passwd\"" : "realm \"ftp://127.0.0.1:") !=
          std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.find("root:") == std::string::npos);  // /etc/passwd was not read
    for (const auto& req : reg.requests()) CHECK(req["server"] == 1);
  }
}

TEST_CASE("registry hostile: a redirect to file:// or ftp:// is not followed") {
  for (const std::string mode : {"redirect-file", "redirect-ftp"}) {
    HostileRegistry reg(mode);
    const auto r = run_imgslim({"analyze", reg.ref(), "--creds", kCreds, "-q"});
    INFO(mode << " stderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.rfind("imgslim: ", 0) == 0);
    CHECK(r.err.find("not supported or disabled") != std::string::npos);
    CHECK(r.err.find("root:") == std::string::npos);
    for (const auto& req : reg.requests()) CHECK(req["server"] == 1);  // nothing reached the ftp port
  }
}

TEST_CASE("registry hostile: an error body is quoted short and escaped") {
  HostileRegistry reg("error-body");
  const auto r = run_imgslim({"analyze", reg.ref(), "--creds", kCreds, "-q"});
  INFO("stderr: " << r.err.substr(0, 1000));
  CHECK(r.exit_code == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.size() < 500);                             // the body is 60+ KB
  CHECK(r.err.find('\x1b') == std::string::npos);        // no terminal escape reaches the terminal
  CHECK(r.err.find('\x07') == std::string::npos);
  CHECK(r.err.find("HTTP 500 BROKEN\\x1b[2J: \\x1b]0;pwned\\x07\\x1b[31mHOSTILE-BODY-MARKER") != std::string::npos);
  CHECK(r.err.find("bytes)") != std::string::npos);      // says it was cut
}
