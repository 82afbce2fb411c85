// Which image each service runs, as Compose names it: `image:`, the
// `<project>-<service>` tag of a build-only service (project name from -p,
// COMPOSE_PROJECT_NAME, `name:`, the directory), overrides, file sources
// resolved against the project directory. And the audit of given facts.
#include <doctest/doctest.h>

#include "compose/checks/audit.h"
#include "compose/model/service_images.h"
#include "tests/compose/compose_test_util.h"

using namespace imgslim::compose;
using compose_test::TempDir;

namespace {

const char* kStack = R"(services:
  api:
    build: ./api
  web:
    image: nginx:1.27-alpine
  cache:
    build: ./cache
    image: acme/cache:2
  worker:
    image: docker-archive:images/worker.tar
  odd:
    environment: {A: b}
)";

std::map<std::string, ServiceImage> images_of(const Project& p, const std::map<std::string, std::string>& overrides = {}) {
  std::map<std::string, ServiceImage> out;
  for (auto& si : service_images(p, read_services(p), overrides)) out[si.service] = si;
  return out;
}

}  // namespace

TEST_CASE("service images: image:, <project>-<service> for builds, file sources from the project directory") {
  TempDir dir("My_Shop.v2");
  std::string file = dir.write("docker-compose.yml", kStack);
  Project p = compose_test::load({file});
  CHECK(p.name.rfind("my_shopv2-", 0) == 0);  // the directory name, normalised (TempDir adds -PID)
  auto im = images_of(p);
  CHECK(im["api"].ref == p.name + "-api");
  CHECK(im["api"].origin == "build");
  CHECK(im["api"].where.line == 3);
  CHECK(im["web"].ref == "nginx:1.27-alpine");
  CHECK(im["cache"].ref == "acme/cache:2");  // image: names the build's tag
  CHECK(im["worker"].ref == "docker-archive:" + (dir.path / "images/worker.tar").string());
  CHECK(im["odd"].ref.empty());

  auto over = images_of(p, {{"web", "oci:candidates/web"}});
  CHECK(over["web"].ref == "oci:" + (dir.path / "candidates/web").string());
  CHECK(over["web"].origin == "override");
}

TEST_CASE("service images: the project name comes from -p, COMPOSE_PROJECT_NAME, then name:") {
  TempDir dir("project-name");
  std::string file = dir.write("compose.yaml", std::string("name: Shop-Prod\n") + kStack);
  CHECK(compose_test::load({file}).name == "shop-prod");
  CHECK(compose_test::load({file}, {{"COMPOSE_PROJECT_NAME", "_Staging"}}).name == "staging");
  LoadOptions o;
  o.files = {file};
  o.project_name = "ci";
  o.env = {{"COMPOSE_PROJECT_NAME", "staging"}};
  Project p = load_project(o);
  CHECK(p.name == "ci");
  CHECK(images_of(p)["api"].ref == "ci-api");
  CHECK(normalize_project_name("-My App!") == "myapp");
}

TEST_CASE("service images: the audit counts shared layers once and reports unreadable images") {
  TempDir dir("image-facts");
  std::string file = dir.write("docker-compose.yml", kStack);
  Project p = compose_test::load({file});
  AuditOptions o;
  o.images = true;
  o.host_disk = 10'000'000;
  o.disk_reserve = 1'000'000;
  auto facts = [](std::string service, std::string ref, std::uint64_t bytes, std::vector<ImageLayerBytes> layers) {
    ImageFacts f;
    f.service = std::move(service);
    f.ref = std::move(ref);
    f.bytes = f.final_bytes = bytes;
    f.layers = std::move(layers);
    f.top = {{"os", bytes / 2}, {"app", bytes / 2}};
    return f;
  };
  o.images_read = {facts("web", "nginx:1.27-alpine", 4'000'000, {{"sha256:base", 3'000'000}, {"sha256:web", 1'000'000}}),
                   facts("cache", "acme/cache:2", 5'000'000, {{"sha256:base", 3'000'000}, {"sha256:cache", 2'000'000}})};
  ImageFacts broken;
  broken.service = "api";
  broken.ref = p.name + "-api";
  broken.error = "not built yet";
  o.images_read.push_back(broken);
  Report r = audit(p, o);
  CHECK(r.budget.images_listed_bytes == 9'000'000);
  CHECK(r.budget.images_bytes == 6'000'000);  // the 3 MB base once
  REQUIRE(r.images.size() == 3);
  CHECK(r.images[0].facts.ref == "acme/cache:2");  // heaviest first carries the shared layer
  CHECK(r.images[1].shared_bytes == 3'000'000);
  CHECK(compose_test::findings_of(r, "compose-disk-budget").empty());  // 6 MB of 9 MB

  o.host_disk = 6'999'999;
  r = audit(p, o);
  auto disk = compose_test::findings_of(r, "compose-disk-budget");
  REQUIRE(disk.size() == 1);
  CHECK(disk[0]->message.find("(1 unreadable image not counted)") != std::string::npos);
  CHECK(disk[0]->message.find("heaviest image: acme/cache:2 4.8 MiB (os 2.4 MiB, app 2.4 MiB)") != std::string::npos);
  auto unreadable = compose_test::findings_of(r, "compose-image-unreadable");
  REQUIRE(unreadable.size() == 1);
  CHECK(unreadable[0]->service == "api");
  CHECK(unreadable[0]->where.line == 3);  // the build: line
  CHECK(unreadable[0]->message.find("not built yet") != std::string::npos);
}
