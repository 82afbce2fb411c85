// Test helper: the project's reference images, built by the real engine from
// the reference naive Dockerfile (dockerfiles/templates/backend.Dockerfile)
// and the hand-written slim variant (tests/builder/variants/
// backend-slim.Dockerfile) over fixtures/apps/backend, and the forms the
// tests read them in: the engine (NAME), a `docker save` file, the registry
// blobs `docker push` wrote (docker://127.0.0.1:5000/...) and an OCI layout
// holding those very blobs (`skopeo copy` from the registry keeps them), and
// skopeo's own gzip layout made from the engine image.
//
// Builds hit the engine's cache after the first run; the saved and copied
// forms are kept under build/test-tmp/reference/<image id>/ so that every
// test process (ctest runs one per test case) reuses them.
#pragma once
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/run_command.h"

namespace imgslim::testing::reference {

namespace fs = std::filesystem;

inline std::string source(const std::string& rel) { return std::string(IMGSLIM_SOURCE_DIR) + "/" + rel; }

struct ReferenceImage {
  std::string tag;       // engine name
  std::string id;        // engine image id (sha256:...)
  std::string saved;     // docker save file
  std::string registry;  // docker://127.0.0.1:5000/... (docker push's blobs)
  std::string layout;    // oci:DIR:1 with the registry's blobs
  std::string skopeo;    // oci:DIR:1 recompressed by skopeo from the engine image
  nlohmann::json pushed_manifest;  // the manifest docker push wrote
};

inline std::string sh(const std::string& cmd) {
  auto r = run({"sh", "-c", cmd});
  REQUIRE_MESSAGE(r.exit_code == 0, cmd << "\n" << r.out << r.err);
  return r.out;
}

inline void require_prerequisites() {
  REQUIRE_MESSAGE(fs::exists(source("fixtures/apps/backend/vendor/.stamp")),
                  "fixture tarballs missing: run `node fixtures/apps/generate.mjs`");
  for (const char* image : {"node:20", "node:20-slim", "imgslim/dumb-init:1"}) {
    const std::string missing = std::string("base image ") + image + " missing: run scripts/bases/build.sh";
    REQUIRE_MESSAGE(run({"docker", "image", "inspect", image}).exit_code == 0, missing);
  }
  REQUIRE_MESSAGE(run({"sh", "-c", "curl -sf http://127.0.0.1:5000/v2/ >/dev/null"}).exit_code == 0,
                  "registry 127.0.0.1:5000 not running (scripts/services/20-registry.sh)");
}

// Builds (or finds in the engine's cache) one reference image and prepares its forms.
// `which`: "naive" or "slim".
inline ReferenceImage reference_image(const std::string& which) {
  require_prerequisites();
  ReferenceImage img;
  img.tag = "imgslim-test/reference-" + which + ":1";
  const std::string dockerfile = which == "naive" ? source("dockerfiles/templates/backend.Dockerfile")
                                                  : source("tests/builder/variants/backend-slim.Dockerfile");
  auto build = run({"/usr/bin/docker", "build", "-q", "--network", "none", "-f", dockerfile, "-t", img.tag,
                    source("fixtures/apps/backend")},
                   {"DOCKER_BUILDKIT=1"});
  REQUIRE_MESSAGE(build.exit_code == 0, "docker build " << img.tag << ": " << build.err);
  img.id = sh("docker image inspect --format '{{.Id}}' " + img.tag);
  while (!img.id.empty() && img.id.back() == '\n') img.id.pop_back();

  const fs::path dir = fs::path(IMGSLIM_BUILD_DIR) / "test-tmp" / "reference" / img.id.substr(7, 16);
  fs::create_directories(dir);
  const std::string tmp = "." + std::to_string(::getpid());
  // docker save, once per image id.
  img.saved = (dir / "saved.tar").string();
  if (!fs::exists(img.saved)) {
    sh("docker save -o '" + img.saved + tmp + "' " + img.tag);
    fs::rename(img.saved + tmp, img.saved);
  }
  // docker push: the engine's own gzip of each layer, in the registry.
  const std::string repo = "127.0.0.1:5000/imgslim-test/reference-" + which;
  img.registry = "docker://" + repo + ":1";
  const fs::path manifest = dir / "pushed-manifest.json";
  if (!fs::exists(manifest)) {
    sh("docker tag " + img.tag + " " + repo + ":1 && docker push -q " + repo + ":1 >/dev/null");
    sh("skopeo inspect --raw --tls-verify=false " + img.registry + " > '" + manifest.string() + tmp + "'");
    fs::rename(manifest.string() + tmp, manifest);
  }
  std::ifstream in(manifest);
  img.pushed_manifest = nlohmann::json::parse(in);
  // An OCI layout with the pushed blobs, and skopeo's own recompressed layout.
  for (auto [where, from, extra] : {std::tuple{"layout", img.registry, std::string("--src-tls-verify=false")},
                                    std::tuple{"skopeo", "docker-daemon:" + img.tag, std::string("--dest-compress")}}) {
    const fs::path out = dir / where;
    if (!fs::exists(out / "index.json")) {
      fs::remove_all(out.string() + tmp);
      sh("skopeo copy -q " + extra + " " + from + " oci:'" + out.string() + tmp + "':1");
      std::error_code ec;
      fs::rename(out.string() + tmp, out, ec);  // another process may have won the race
      if (ec) fs::remove_all(out.string() + tmp);
    }
    (std::string(where) == "layout" ? img.layout : img.skopeo) = "oci:" + out.string() + ":1";
  }
  return img;
}

inline nlohmann::json analyze_json(const std::string& ref, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{"analyze", "--format", "json", "--tls-verify=false", ref};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run_imgslim(args);
  INFO("imgslim analyze " << ref << "\n" << r.err);
  REQUIRE(r.exit_code == 0);
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE(doc.is_object());
  return doc;
}

}  // namespace imgslim::testing::reference
