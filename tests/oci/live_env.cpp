#include "live_env.h"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "oci/model/digest.h"

namespace live {

Run sh(const std::string& cmd) {
  Run r;
  std::string full = "(" + cmd + ") 2>&1";
  FILE* p = ::popen(full.c_str(), "r");
  if (!p) return r;
  std::array<char, 65536> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string sh_ok(const std::string& cmd) {
  Run r = sh(cmd);
  INFO("command: " << cmd);
  INFO("output: " << r.out);
  REQUIRE(r.status == 0);
  return r.out;
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/imgslim-live.XXXXXX";
  path = ::mkdtemp(tmpl);
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}
void TempDir::write(const std::string& rel, const std::string& content) const {
  std::filesystem::path p = std::filesystem::path(path) / rel;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

void build_image(const std::string& tag, const std::string& dockerfile, const std::map<std::string, std::string>& files) {
  TempDir ctx;
  ctx.write("Dockerfile", dockerfile);
  for (const auto& [name, content] : files) ctx.write(name, content);
  // BuildKit: `docker buildx` when the plugin exists, else a docker CLI older
  // than 23 (Debian's /usr/bin/docker), whose `docker build` uses BuildKit
  // under DOCKER_BUILDKIT=1 (newer CLIs refuse that without buildx).
  static const std::string builder = [] {
    if (sh("docker buildx version").status == 0) return std::string("docker buildx build --load");
    for (std::string cli : {std::string("docker"), std::string("/usr/bin/docker")}) {
      Run v = sh(cli + " version --format '{{.Client.Version}}'");
      if (v.status == 0 && std::atoi(v.out.c_str()) > 0 && std::atoi(v.out.c_str()) < 23)
        return "DOCKER_BUILDKIT=1 " + cli + " build";
    }
    return std::string("docker buildx build --load");
  }();
  sh_ok(builder + " --network none -q -t " + tag + " " + ctx.path);
}

void build_sample_image(const std::string& tag) {
  // One build at a time per tag, so parallel ctest cases can share it.
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::string big(300000, 'x');
  for (std::size_t i = 0; i < big.size(); i += 61) big[i] = static_cast<char>('a' + i % 26);
  build_image(tag,
              "FROM imgslim-test/busybox:1\n"
              "ENV APP=/app\n"
              "COPY app.js package.json /app/\n"
              "RUN mkdir -p /app/cache && head -c 200000 /dev/zero > /app/cache/blob.bin\n"
              "COPY big.txt /app/big.txt\n"
              "RUN rm -f /app/cache/blob.bin && cp /app/big.txt /app/copy.txt\n"
              "WORKDIR /app\n"
              "CMD [\"node\", \"app.js\"]\n",
              {{"app.js", "console.log('hello from imgslim');\n"},
               {"package.json", "{\"name\":\"sample\",\"version\":\"1.0.0\"}\n"},
               {"big.txt", big}});
}

std::vector<StreamedLayer> stream_all(const imgslim::oci::Image& image, unsigned parallel) {
  std::mutex mutex;
  std::map<std::size_t, StreamedLayer> by_arrival;
  imgslim::oci::StreamOptions opts;
  opts.parallel = parallel;
  auto arrival_of = image.stream_layers(
      [&](imgslim::oci::LayerArrival& a) {
        imgslim::oci::Hasher h;
        StreamedLayer s;
        std::array<char, 65536> buf;
        while (std::size_t n = a.blob->read(buf.data(), buf.size())) {
          h.update(buf.data(), n);
          s.bytes += n;
        }
        s.digest = h.finish().str();
        std::lock_guard lock(mutex);
        by_arrival[a.arrival] = s;
      },
      opts);
  std::vector<StreamedLayer> out;
  for (std::size_t a : arrival_of) out.push_back(by_arrival.at(a));
  return out;
}

bool registry_up(int port) {
  // 200 (anonymous) or 401 (auth), over http or https.
  std::string p = std::to_string(port);
  Run r = sh("curl -ks -o /dev/null -w '%{http_code}' http://127.0.0.1:" + p + "/v2/; echo; curl -ks -o /dev/null -w '%{http_code}' https://127.0.0.1:" + p + "/v2/");
  return r.out.find("200") != std::string::npos || r.out.find("401") != std::string::npos;
}

}  // namespace live
