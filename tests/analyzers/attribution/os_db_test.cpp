#include <doctest/doctest.h>

#include "analyzers/attribution/packages/os_packages.h"
#include "support/error.h"

using namespace imgslim::analyzers;

TEST_CASE("dpkg: status keeps installed packages only, .list and md5sums paths") {
  const char* status =
      "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.36-9\nInstalled-Size: 12\n"
      "Description: GNU C Library\n continuation line\n\n"
      "Package: removed-thing\nStatus: deinstall ok config-files\nVersion: 1\n\n"
      "Package: gcc-12\nStatus: install ok installed\nVersion: 12.2.0-14\n";
  auto pkgs = parse_dpkg_status(status, "/var/lib/dpkg/status");
  REQUIRE(pkgs.size() == 2);
  CHECK(pkgs[0].name == "libc6");
  CHECK(pkgs[0].version == "2.36-9");
  CHECK(pkgs[0].installed_size == 12 * 1024);
  CHECK(pkgs[1].name == "gcc-12");
  auto files = parse_dpkg_list("/.\n/usr\n/usr/bin/gcc-12\n/usr/share/doc/gcc-12/copyright\n");
  CHECK(files == std::vector<std::string>{"usr", "usr/bin/gcc-12", "usr/share/doc/gcc-12/copyright"});
  CHECK(dpkg_list_package("var/lib/dpkg/info/libc6:amd64.list") == "libc6");
  CHECK(dpkg_list_package("var/lib/dpkg/info/gcc-12.list") == "gcc-12");
  CHECK(parse_dpkg_md5sums("d41d8cd98f00b204e9800998ecf8427e  usr/lib/x.so\n") == std::vector<std::string>{"usr/lib/x.so"});
  CHECK_THROWS_AS(parse_dpkg_status("garbage line\n", "status"), imgslim::Error);
}

TEST_CASE("apk: installed database") {
  const char* db =
      "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nI:647168\nF:lib\nR:ld-musl-x86_64.so.1\nR:libc.musl-x86_64.so.1\n\n"
      "P:gcc\nV:13.2.1\nF:usr/bin\nR:gcc\nF:usr/libexec/gcc\nR:cc1\n";
  auto pkgs = parse_apk_installed(db, "/lib/apk/db/installed");
  REQUIRE(pkgs.size() == 2);
  CHECK(pkgs[0].name == "musl");
  CHECK(pkgs[0].installed_size == 647168);
  CHECK(pkgs[0].files == std::vector<std::string>{"lib/ld-musl-x86_64.so.1", "lib/libc.musl-x86_64.so.1"});
  CHECK(pkgs[1].files == std::vector<std::string>{"usr/bin/gcc", "usr/libexec/gcc/cc1"});
  CHECK_THROWS_AS(parse_apk_installed("nonsense\n", "installed"), imgslim::Error);
}
