// The ELF reader against real binaries (imgslim itself, /bin/sh) checked
// with binutils' readelf, and every truncation of a real header.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/elf_dynamic.h"
#include "support/error.h"

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// readelf's list of DT_NEEDED names ("Shared library: [libc.so.6]").
std::vector<std::string> readelf_needed(const std::string& path) {
  std::vector<std::string> out;
  FILE* p = popen(("readelf -d '" + path + "' 2>/dev/null").c_str(), "r");
  REQUIRE_MESSAGE(p != nullptr, "readelf (binutils) missing");
  char line[4096];
  while (std::fgets(line, sizeof line, p)) {
    std::string l = line;
    auto at = l.find("Shared library: [");
    if (at == std::string::npos) continue;
    at += 17;
    out.push_back(l.substr(at, l.find(']', at) - at));
  }
  REQUIRE_MESSAGE(pclose(p) == 0, std::string("readelf -d " + path + " failed (binutils missing?)"));
  return out;
}

}  // namespace

TEST_CASE("elf: DT_NEEDED and the interpreter of real binaries match readelf") {
  for (const std::string& path : {std::string(IMGSLIM_BINARY), std::string("/bin/sh")}) {
    CAPTURE(path);
    const std::string bytes = slurp(path);
    REQUIRE_MESSAGE(bytes.size() > 64, std::string("cannot read " + path));
    auto elf = imgslim::read_elf_dynamic(bytes, path);
    CHECK(elf.elf);
    CHECK(elf.interpreter.starts_with("/lib"));
    CHECK(elf.interpreter.find("ld-") != std::string::npos);
    CHECK(elf.needed == readelf_needed(path));
    CHECK(std::find(elf.needed.begin(), elf.needed.end(), "libc.so.6") != elf.needed.end());
  }
}

TEST_CASE("elf: not ELF, and every truncation of a real binary's headers, never read out of bounds") {
  CHECK_FALSE(imgslim::read_elf_dynamic("#!/bin/sh\necho hi\n", "script").elf);
  CHECK_FALSE(imgslim::read_elf_dynamic("", "empty").elf);
  const std::string bytes = slurp(IMGSLIM_BINARY);
  REQUIRE(bytes.size() > 8192);
  int errors = 0;
  for (size_t cut = 16; cut < 8192; cut += 7) {
    try {
      auto elf = imgslim::read_elf_dynamic(std::string_view(bytes).substr(0, cut), "cut");
      CHECK(elf.elf);
    } catch (const imgslim::Error& e) {
      ++errors;
      CHECK(std::string(e.what()).find("ELF: ") != std::string::npos);
    }
  }
  CHECK(errors > 0);  // the program headers or the dynamic section are past most cuts
}
