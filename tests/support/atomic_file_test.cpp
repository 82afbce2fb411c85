// Output files appear whole or not at all; a stream target (a FIFO, a link to
// one, /dev/stdout) is written in place and never replaced.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/atomic_file.h"
#include "support/error.h"

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("imgslim-atomic-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("support: an output file is replaced whole, and an abandoned one leaves nothing") {
  const fs::path d = fresh_dir("file");
  const fs::path out = d / "out.txt";
  std::ofstream(out) << "old";
  imgslim::write_file_atomically(out.string(), "new content");
  CHECK(slurp(out) == "new content");
  {
    imgslim::AtomicFile f((d / "never.txt").string());
    f.write("partial");
  }
  CHECK_FALSE(fs::exists(d / "never.txt"));
  CHECK(std::distance(fs::directory_iterator(d), fs::directory_iterator()) == 1);
  fs::remove_all(d);
}

TEST_CASE("support: a FIFO, and a link to it, are written in place, never replaced") {
  const fs::path d = fresh_dir("fifo");
  const fs::path fifo = d / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  fs::create_symlink(fifo, d / "link");
  for (const fs::path& target : {fifo, d / "link"}) {
    CAPTURE(target);
    std::string got;
    std::thread reader([&] { got = slurp(fifo); });
    imgslim::write_file_atomically(target.string(), "through the pipe");
    reader.join();
    CHECK(got == "through the pipe");
    CHECK(fs::is_fifo(fs::symlink_status(fifo)));
  }
  CHECK(fs::is_symlink(fs::symlink_status(d / "link")));
  CHECK(std::distance(fs::directory_iterator(d), fs::directory_iterator()) == 2);
  fs::remove_all(d);
}

TEST_CASE("support: /dev/stdout redirected to a file is appended to, the /dev/stdout link left alone") {
  const fs::path d = fresh_dir("stdout");
  const fs::path out = d / "captured.txt";
  const auto before = fs::symlink_status("/dev/stdout").type();
  // A child whose stdout is the file, as `imgslim ... -o /dev/stdout > captured.txt` has it.
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ::dup2(fd, 1) < 0) ::_exit(3);
    if (::write(1, "first line\n", 11) != 11) ::_exit(4);
    try {
      imgslim::write_file_atomically("/dev/stdout", "from the output file\n");
    } catch (...) {
      ::_exit(5);
    }
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(slurp(out) == "first line\nfrom the output file\n");
  CHECK(fs::symlink_status("/dev/stdout").type() == before);
  fs::remove_all(d);
}
