// Point 6 of issue 29: --platform naming a platform a single-platform source
// does not have is an error listing what it has (one line, exit 2), from
// every source; the platform it has is accepted.
#include <doctest/doctest.h>

#include <fstream>

#include "reference_images.h"

using namespace imgslim::testing;
using namespace imgslim::testing::reference;

TEST_CASE("platform: a single-platform image refuses another platform from every source") {
  const ReferenceImage img = reference_image("slim");
  TempDir dir;
  std::ofstream(dir.path + "/budget.yaml") << "budgets:\n  - image: \"*\"\n    max-size: 1GB\n";
  for (const std::string& ref : {img.tag, "docker-archive:" + img.saved, img.layout, img.registry}) {
    for (const char* command : {"analyze", "check"}) {
      INFO(command << " " << ref);
      std::vector<std::string> args{command, ref, "--platform", "linux/arm64", "--tls-verify=false"};
      if (std::string(command) == "check") args.insert(args.end(), {"--budget", dir.path + "/budget.yaml"});
      auto r = run_imgslim(args);
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      CHECK(r.err.starts_with("imgslim: "));
      CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
      CHECK(r.err.find("linux/arm64") != std::string::npos);
      CHECK(r.err.find("linux/amd64") != std::string::npos);
    }
  }
  auto ok = run_imgslim({"analyze", "--no-attribution", "--format", "json", img.layout, "--platform", "linux/amd64"});
  CHECK(ok.exit_code == 0);
  CHECK(nlohmann::json::parse(ok.out)["platform"] == "linux/amd64");
}
