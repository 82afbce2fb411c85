// Files the base image brought are never `app`: a node:20-like image (its
// yarn tree under /opt, docker-entrypoint.sh COPYed by the base's own
// Dockerfile, the node binary) with an app on top, written as a real OCI
// layout and analyzed by the built `imgslim analyze --format json`.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "fixtures/image_spec.h"
#include "tests/analyzers/fixture_images.h"
#include "tests/analyzers/run_command.h"

using namespace imgslim::analyzers::testing;
using nlohmann::json;
namespace fx = imgslim::fixtures;

namespace {

// Layers 0-3 are node:20's (closed by its ENTRYPOINT and CMD); 4-7 the app's.
fx::Image node_like_image() {
  fx::Image img;
  img.layer("/bin/sh -c #(nop) ADD file:5a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9 in / ")
      .dir("bin").dir("etc").dir("usr").dir("usr/bin")
      .file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
      .sized("bin/bash", 300000, 1, 0755);
  auto& node = img.layer("/bin/sh -c set -ex && curl -fsSLO node-v20.11.0-linux-x64.tar.xz && tar -xJf ...");
  node.empty_before = {"/bin/sh -c #(nop)  CMD [\"bash\"]", "/bin/sh -c #(nop)  ENV NODE_VERSION=20.11.0"};
  node.dir("usr/local").dir("usr/local/bin").sized("usr/local/bin/node", 900000, 2, 0755);
  node.dir("usr/local/lib/node_modules/npm").file("usr/local/lib/node_modules/npm/package.json",
                                                  "{\"name\":\"npm\",\"version\":\"10.2.4\"}\n");
  node.sized("usr/local/lib/node_modules/npm/lib/npm.js", 50000, 3);
  auto& yarn = img.layer("/bin/sh -c set -ex && curl -fsSLO yarn-v1.22.19.tar.gz && mkdir -p /opt && tar -xzf "
                         "yarn-v1.22.19.tar.gz -C /opt/ && ln -s /opt/yarn-v1.22.19/bin/yarn /usr/local/bin/yarn");
  yarn.empty_before = {"/bin/sh -c #(nop)  ENV YARN_VERSION=1.22.19"};
  yarn.dir("opt").dir("opt/yarn-v1.22.19").file("opt/yarn-v1.22.19/package.json",
                                                "{\"name\":\"yarn\",\"version\":\"1.22.19\"}\n");
  yarn.sized("opt/yarn-v1.22.19/lib/cli.js", 200000, 4).sized("opt/yarn-v1.22.19/bin/yarn.js", 3000, 5);
  yarn.symlink("usr/local/bin/yarn", "/opt/yarn-v1.22.19/bin/yarn");
  img.layer("/bin/sh -c #(nop) COPY file:8d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6 in /usr/local/bin/ ")
      .sized("usr/local/bin/docker-entrypoint.sh", 400, 6, 0755);

  auto& pkg = img.layer("COPY package*.json ./ # buildkit");
  pkg.empty_before = {"/bin/sh -c #(nop)  ENTRYPOINT [\"docker-entrypoint.sh\"]", "/bin/sh -c #(nop)  CMD [\"node\"]",
                      "WORKDIR /app"};
  pkg.dir("app").file("app/package.json", "{\"name\":\"api\",\"version\":\"1.0.0\",\"dependencies\":{\"ms\":\"2\"}}\n");
  auto& install = img.layer("RUN /bin/sh -c npm ci # buildkit");
  install.dir("app/node_modules/ms").file("app/node_modules/ms/package.json", "{\"name\":\"ms\",\"version\":\"2.1.3\"}\n");
  install.sized("app/node_modules/ms/index.js", 3000, 7);
  img.layer("COPY . . # buildkit").sized("app/server.js", 5000, 8);
  img.layer("RUN /bin/sh -c mkdir -p /app/data && node seed.js > /app/data/seed.json && touch /usr/local/share/marker # buildkit")
      .dir("app/data").sized("app/data/seed.json", 700, 9)
      .dir("usr/local/share").sized("usr/local/share/marker", 10, 10);
  img.cmd = {"node", "server.js"};
  img.entrypoint = {"docker-entrypoint.sh"};
  img.working_dir = "/app";
  return img;
}

}  // namespace

TEST_CASE("attribution: a node-like base's yarn, entrypoint and node are never app, the app's own steps are") {
  const std::string dir = scratch_dir("node-like-base");
  fx::Layout layout;
  layout.add("node-like:1", node_like_image());
  const std::string ref = write_fixture(layout, fx::Form::OciLayout, dir);
  auto r = run_command(shell_quote(IMGSLIM_BINARY) + " analyze --format json " + shell_quote(ref), dir);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const json report = json::parse(r.out);
  REQUIRE(report.at("base").at("layers") == 4);

  const json& app = report.at("categories").at("app");
  // package.json (COPY), server.js (COPY), data/seed.json (RUN under WORKDIR): nothing else.
  const std::uint64_t package_json = std::string("{\"name\":\"api\",\"version\":\"1.0.0\",\"dependencies\":{\"ms\":\"2\"}}\n").size();
  CHECK(app.at("bytes") == package_json + 5000 + 700);
  CHECK(app.at("files") == 3);
  for (const auto& l : app.at("layers")) CHECK(l.at("index").get<int>() >= 4);

  // Every byte of layers 0-3 is the OS's (no rule names them tooling or docs here).
  const json& os = report.at("categories").at("os");
  std::uint64_t base_bytes = 0;
  for (int i = 0; i < 4; ++i) base_bytes += report.at("layers").at(i).at("size_bytes").get<std::uint64_t>();
  std::uint64_t os_base_bytes = 0;
  for (const auto& l : os.at("layers"))
    if (l.at("index").get<int>() < 4) os_base_bytes += l.at("bytes").get<std::uint64_t>();
  CHECK(os_base_bytes == base_bytes);
  // A RUN step's file outside the app's directory is not the app's either.
  bool marker_layer_os = false;
  for (const auto& l : os.at("layers")) marker_layer_os = marker_layer_os || (l.at("index") == 7 && l.at("bytes") == 10);
  CHECK(marker_layer_os);
  // The app's dependency stays a runtime dependency.
  CHECK(report.at("categories").at("runtime-deps").at("bytes").get<std::uint64_t>() >= 3000);
}
