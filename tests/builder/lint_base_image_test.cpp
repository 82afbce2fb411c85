// `imgslim lint --read-base` / `--base-image REF` on the local node:20-slim
// (no curl, no wget, node on the PATH): healthcheck-command-missing for a
// curl HEALTHCHECK, not when the final stage installs curl or probes with node.
#include <doctest/doctest.h>

#include <fstream>

#include "../run_command.h"

namespace {

using imgslim::testing::run_imgslim;

imgslim::testing::CommandResult lint_with_base(const imgslim::testing::TempDir& dir, const std::string& dockerfile,
                                               const std::vector<std::string>& flags) {
  std::ofstream(dir / "Dockerfile") << dockerfile;
  std::ofstream(dir / "server.js") << "require('http').createServer((q, s) => s.end('ok')).listen(3001);\n";
  std::vector<std::string> args = {"lint", dir / "Dockerfile", "--format", "json"};
  args.insert(args.end(), flags.begin(), flags.end());
  return run_imgslim(args);
}

const std::string kHead = "FROM node:20-slim\nWORKDIR /app\nCOPY server.js .\nEXPOSE 3001\n";

}  // namespace

TEST_CASE("lint: --read-base reports a curl HEALTHCHECK on node:20-slim and suggests node -e") {
  imgslim::testing::TempDir dir;
  auto r = lint_with_base(dir, kHead + "HEALTHCHECK CMD curl -f http://localhost:3001/health || exit 1\n"
                                       "CMD [\"node\", \"server.js\"]\n",
                          {"--read-base"});
  INFO(r.out, r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("\"rule\": \"healthcheck-command-missing\"") != std::string::npos);
  CHECK(r.out.find("the HEALTHCHECK runs curl, which the base image node:20-slim does not have on its PATH") !=
        std::string::npos);
  CHECK(r.out.find("fetch('http://127.0.0.1:3001/')") != std::string::npos);

  // Without the flag the base image is not read and the rule does not run.
  auto offline = lint_with_base(dir, kHead + "HEALTHCHECK CMD curl -f http://localhost:3001/health || exit 1\n", {});
  CHECK(offline.out.find("healthcheck-command-missing") == std::string::npos);

  // --base-image names the reference to read; an exec-form wget is missing too.
  auto named = lint_with_base(dir, "FROM app-base\nEXPOSE 3001\nHEALTHCHECK CMD [\"wget\", \"-q\", \"--spider\", \"http://127.0.0.1:3001/\"]\n",
                              {"--base-image", "node:20-slim"});
  INFO(named.out, named.err);
  CHECK(named.out.find("the HEALTHCHECK runs wget") != std::string::npos);
}

TEST_CASE("lint: --read-base accepts a HEALTHCHECK whose command the image has or the build installs") {
  imgslim::testing::TempDir dir;
  auto node = lint_with_base(dir, kHead + "HEALTHCHECK CMD [\"node\", \"-e\", \"fetch('http://127.0.0.1:3001/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))\"]\n",
                             {"--read-base"});
  INFO(node.out, node.err);
  CHECK(node.exit_code != 2);
  CHECK(node.out.find("healthcheck-command-missing") == std::string::npos);
  auto installed = lint_with_base(dir, kHead + "RUN apt-get update && apt-get install -y --no-install-recommends curl "
                                               "&& rm -rf /var/lib/apt/lists/*\n"
                                               "HEALTHCHECK CMD curl -f http://localhost:3001/health || exit 1\n",
                                  {"--read-base"});
  INFO(installed.out, installed.err);
  CHECK(installed.exit_code != 2);
  CHECK(installed.out.find("healthcheck-command-missing") == std::string::npos);
  // Debian's merged /usr: /bin/sh is found through the /bin -> usr/bin symlink.
  CHECK(installed.out.find("its shell /bin/sh") == std::string::npos);
}

TEST_CASE("lint: --read-base on an image that cannot be read is one error, exit 2") {
  imgslim::testing::TempDir dir;
  auto r = lint_with_base(dir, "FROM imgslim-test/no-such-image:1\nHEALTHCHECK CMD curl -f http://localhost/\n",
                          {"--read-base"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.rfind("imgslim: ", 0) == 0);
  CHECK(r.err.find("imgslim-test/no-such-image:1") != std::string::npos);
}
