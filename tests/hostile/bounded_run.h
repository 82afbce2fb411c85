// Runs the built imgslim on a hostile input with bounds enforced by the
// runner, not asserted on speed: a wall-clock deadline (the child is killed
// and the run reported as timed out), an address-space limit (setrlimit
// RLIMIT_AS; skipped in sanitizer builds, whose shadow memory needs terabytes
// of address space), no core files, and a fresh working directory whose
// contents the test inspects afterwards.
#pragma once
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/run_command.h"

#if defined(__SANITIZE_ADDRESS__)
#define IMGSLIM_HOSTILE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IMGSLIM_HOSTILE_SANITIZED 1
#endif
#endif

namespace imgslim::testing {

struct Bounds {
  int seconds = 60;                 // killed after this: a hang is a failure, not a slow pass
  std::uint64_t memory = 2ull << 30;  // address space of the child
};

struct BoundedResult {
  CommandResult result;
  bool timed_out = false;
};

inline bool sanitized_build() {
#ifdef IMGSLIM_HOSTILE_SANITIZED
  return true;
#else
  return false;
#endif
}

inline BoundedResult run_bounded(const std::vector<std::string>& args, const std::string& cwd,
                                 const std::vector<std::string>& env = {}, Bounds bounds = {}) {
  char out_tmpl[] = "/tmp/imgslim-hostile-out-XXXXXX";
  char err_tmpl[] = "/tmp/imgslim-hostile-err-XXXXXX";
  const int out_fd = ::mkstemp(out_tmpl), err_fd = ::mkstemp(err_tmpl);
  ::unlink(out_tmpl);
  ::unlink(err_tmpl);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    if (::chdir(cwd.c_str()) != 0) ::_exit(127);
    struct rlimit core {0, 0};
    ::setrlimit(RLIMIT_CORE, &core);
    if (!sanitized_build()) {
      struct rlimit as {bounds.memory, bounds.memory};
      ::setrlimit(RLIMIT_AS, &as);
    }
    for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv{const_cast<char*>(IMGSLIM_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  BoundedResult r;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(bounds.seconds);
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  r.result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  ::lseek(out_fd, 0, SEEK_SET);
  ::lseek(err_fd, 0, SEEK_SET);
  r.result.out = slurp_fd(out_fd);
  r.result.err = slurp_fd(err_fd);
  ::close(out_fd);
  ::close(err_fd);
  return r;
}

// Every path under `dir` (recursively), relative to it.
inline std::set<std::string> tree_of(const std::string& dir) {
  std::set<std::string> out;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); it != std::filesystem::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec) break;
    out.insert(std::filesystem::relative(it->path(), dir).string());
  }
  return out;
}

}  // namespace imgslim::testing
