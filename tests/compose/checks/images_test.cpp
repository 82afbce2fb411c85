// `imgslim compose --images` against real images: two built by the real
// engine, one `docker save` archive, one build-only service under the name
// Compose gives it, and two that do not exist. The figures must be those of
// `imgslim analyze --format json` of the same image.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "tests/analyzers/gate/engine_build.h"
#include "tests/run_command.h"
#include "tests/sarif_check.h"

using imgslim::testing::engine_build;
using imgslim::testing::filler;
using imgslim::testing::run;
using imgslim::testing::run_imgslim;
using imgslim::testing::TempDir;
using nlohmann::json;

namespace {

const std::string kApi = "imgslim-test/compose-api:1";
const std::string kWeb = "imgslim-test/compose-web:1";
const std::string kWorker = "imgslim-test/compose-worker:1";
const std::string kJobs = "imgslim-test-compose-jobs";  // what Compose tags project imgslim-test-compose's `jobs` build

void build_images() {
  static std::once_flag once;
  std::call_once(once, [] {
    engine_build(kApi,
                 "FROM imgslim-test/busybox:1\nWORKDIR /app\nCOPY package.json server.js ./\n"
                 "COPY node_modules ./node_modules\nCOPY npm-cache /root/.npm/_cacache\nCMD [\"node\", \"server.js\"]\n",
                 {{"package.json", R"({"name":"api","version":"1.0.0","dependencies":{"express":"4.19.2"},)"
                                   R"("devDependencies":{"typescript":"5.4.5","jest":"29.7.0"}})"},
                  {"server.js", "require('express')().listen(3000)\n"},
                  {"node_modules/express/package.json", R"({"name":"express","version":"4.19.2"})"},
                  {"node_modules/express/index.js", filler(300'000, 1)},
                  {"node_modules/typescript/package.json", R"({"name":"typescript","version":"5.4.5"})"},
                  {"node_modules/typescript/lib/tsc.js", filler(2'000'000, 2)},
                  {"node_modules/jest/package.json", R"({"name":"jest","version":"29.7.0"})"},
                  {"node_modules/jest/build/jest.js", filler(1'000'000, 3)},
                  {"npm-cache/content-v2/sha512/ab/cdef", filler(500'000, 4)}});
    engine_build(kWeb, "FROM imgslim-test/busybox:1\nCOPY dist /usr/share/nginx/html\n",
                 {{"dist/index.html", "<!doctype html><title>web</title>\n"}, {"dist/assets/app.js", filler(800'000, 5)}});
    engine_build(kWorker, "FROM imgslim-test/busybox:1\nCOPY worker.js /srv/worker.js\nCMD [\"node\", \"/srv/worker.js\"]\n",
                 {{"worker.js", filler(600'000, 6)}});
    engine_build(kJobs, "FROM imgslim-test/busybox:1\nCOPY jobs.sh /jobs.sh\n", {{"jobs.sh", filler(200'000, 7)}});
  });
}

// Limits, health checks, restart policies and log caps on every service,
// so only image findings can decide the exit status.
std::string service(const std::string& name, const std::string& source) {
  return "  " + name + ":\n    " + source +
         "\n    mem_limit: 64m\n    cpus: 0.5\n    restart: unless-stopped\n"
         "    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 30s\n      timeout: 5s\n"
         "    logging:\n      options:\n        max-size: 1m\n        max-file: \"2\"\n";
}

struct Stack {
  TempDir dir;
  std::string compose;
  Stack() {
    build_images();
    auto saved = run({"docker", "save", "-o", dir / "worker.tar", kWorker});
    REQUIRE_MESSAGE(saved.exit_code == 0, saved.err);
    std::string text = "name: imgslim-test-compose\nservices:\n" + service("api", "image: " + kApi) +
                       service("web", "image: " + kWeb) + service("web2", "image: " + kWeb) +
                       service("worker", "image: docker-archive:worker.tar") + service("jobs", "build: ./jobs") +
                       service("migrate", "build: ./migrate") + service("cache", "image: imgslim-test/compose-missing:1");
    compose = dir / "docker-compose.yml";
    std::ofstream(compose) << text;
  }
};

json analyze(const std::string& ref) {
  auto r = run_imgslim({"analyze", "--format", "json", ref});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return json::parse(r.out);
}

json compose_json(const Stack& s, std::vector<std::string> extra, int want_exit) {
  std::vector<std::string> args = {"compose", s.compose, "--images", "-q", "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run_imgslim(args, {}, s.dir.path);
  REQUIRE_MESSAGE(r.exit_code == want_exit, (r.err + r.out));
  return json::parse(r.out);
}

const json* row_of(const json& report, const std::string& ref) {
  for (const auto& row : report["images"])
    if (row["ref"] == ref) return &row;
  return nullptr;
}

std::vector<json> findings(const json& report, const std::string& rule) {
  std::vector<json> out;
  for (const auto& f : report["findings"])
    if (f["rule"] == rule) out.push_back(f);
  return out;
}

}  // namespace

TEST_CASE("compose --images: each image's figures are analyze's, shared layers stored once") {
  Stack s;
  json report = compose_json(s, {}, 0);
  const std::string worker = "docker-archive:" + s.dir / "worker.tar";

  std::uint64_t summed = 0, stored = 0;
  std::set<std::string> diff_ids;
  for (const std::string& ref : {kApi, kWeb, worker, kJobs}) {
    CAPTURE(ref);
    json a = analyze(ref);
    const json* row = row_of(report, ref);
    REQUIRE(row != nullptr);
    CHECK((*row)["error"].is_null());
    CHECK((*row)["bytes"] == a["total_bytes"]);
    CHECK((*row)["final_bytes"] == a["final_bytes"]);
    CHECK((*row)["layers"] == a["layers"].size());
    CHECK((*row)["compressed_bytes"].is_null());  // engine exports and docker archives hold layers uncompressed
    // Top categories: analyze's non-empty categories, largest first.
    std::vector<std::pair<std::uint64_t, std::string>> cats;
    for (const auto& [id, c] : a["categories"].items())
      if (c["bytes"].get<std::uint64_t>() > 0) cats.push_back({c["bytes"].get<std::uint64_t>(), id});
    std::stable_sort(cats.begin(), cats.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    REQUIRE((*row)["top_categories"].size() == cats.size());
    for (std::size_t i = 0; i < cats.size(); ++i) {
      CHECK((*row)["top_categories"][i]["bytes"] == cats[i].first);
      CHECK((*row)["top_categories"][i]["category"] == cats[i].second);
    }
    summed += a["total_bytes"].get<std::uint64_t>();
    for (const auto& l : a["layers"])
      if (diff_ids.insert(l["diff_id"].get<std::string>()).second) stored += l["size_bytes"].get<std::uint64_t>();
  }
  // The api image: the dev dependencies and the npm cache are what fills it.
  const json* api = row_of(report, kApi);
  CHECK((*api)["top_categories"][0]["category"] == "dev-deps");
  CHECK((*api)["top_categories"][0]["bytes"].get<std::uint64_t>() >= 3'000'000);
  CHECK((*api)["services"] == json::array({"api"}));
  CHECK((*row_of(report, kWeb))["services"] == json::array({"web", "web2"}));  // one reference, read once

  CHECK(report["totals"]["images_summed_bytes"] == summed);
  CHECK(report["totals"]["images_bytes"] == stored);
  CHECK(stored < summed);  // the busybox base layer is shared by all four
  CHECK(report["totals"]["images_unreadable"] == 2);
  // Heaviest first; the heavy-image note names the top categories.
  CHECK(report["images"][0]["ref"] == kApi);
  auto heavy = findings(report, "compose-image-heavy");
  REQUIRE(heavy.size() == 3);
  CHECK(heavy[0]["service"] == "api");
  CHECK(heavy[0]["message"].get<std::string>().find("dev-deps") != std::string::npos);
}

TEST_CASE("compose --images: a missing image and a service never built are unreadable warnings") {
  Stack s;
  json report = compose_json(s, {}, 0);  // warnings alone do not fail
  auto unreadable = findings(report, "compose-image-unreadable");
  REQUIRE(unreadable.size() == 2);
  std::map<std::string, json> by_service;
  for (const auto& f : unreadable) by_service[f["service"]] = f;
  REQUIRE(by_service.count("cache"));
  REQUIRE(by_service.count("migrate"));
  CHECK(by_service["cache"]["severity"] == "warning");
  CHECK(by_service["cache"]["message"].get<std::string>().find("imgslim-test/compose-missing:1") != std::string::npos);
  CHECK(by_service["cache"]["message"].get<std::string>().find("not found") != std::string::npos);
  CHECK(by_service["cache"]["line"].get<int>() > 0);
  std::string migrate = by_service["migrate"]["message"];
  CHECK(migrate.find("imgslim-test-compose-migrate") != std::string::npos);  // <project>-<service>
  CHECK(migrate.find("not built yet") != std::string::npos);
  // The build-only service that was built is read under the same naming.
  CHECK(row_of(report, kJobs) != nullptr);

  auto strict = run_imgslim({"compose", s.compose, "--images", "-q", "--failure-threshold", "warning"});
  CHECK(strict.exit_code == 1);
  CHECK(strict.out.find("[compose-image-unreadable]") != std::string::npos);

  // --image SERVICE=REF reads another source for that service.
  json fixed = compose_json(s, {"--image", "migrate=docker-archive:worker.tar"}, 0);
  CHECK(findings(fixed, "compose-image-unreadable").size() == 1);
  const json* worker = row_of(fixed, "docker-archive:" + s.dir / "worker.tar");
  REQUIRE(worker != nullptr);
  CHECK((*worker)["services"] == json::array({"worker", "migrate"}));
}

TEST_CASE("compose --images: the images total against --host-disk fails one byte short and passes at the edge") {
  Stack s;
  json base = compose_json(s, {}, 0);
  std::uint64_t used = base["totals"]["images_bytes"].get<std::uint64_t>() + base["totals"]["logs_bytes"].get<std::uint64_t>() +
                       base["totals"]["wal_bytes"].get<std::uint64_t>();
  const std::uint64_t reserve = 1'000'000;
  std::vector<std::string> disk_args = {"--disk-reserve", std::to_string(reserve), "--host-disk"};

  auto args = disk_args;
  args.push_back(std::to_string(reserve + used - 1));
  json tight = compose_json(s, args, 1);
  auto disk = findings(tight, "compose-disk-budget");
  REQUIRE(disk.size() == 1);
  CHECK(disk[0]["severity"] == "error");
  CHECK(disk[0]["message"].get<std::string>().find("heaviest image: " + kApi) != std::string::npos);
  CHECK(disk[0]["message"].get<std::string>().find("(2 unreadable images not counted)") != std::string::npos);
  CHECK(tight["fits"] == false);

  args = disk_args;
  args.push_back(std::to_string(reserve + used));
  json roomy = compose_json(s, args, 0);
  CHECK(findings(roomy, "compose-disk-budget").empty());
  CHECK(roomy["fits"] == true);
}

TEST_CASE("compose --images: per-image limits from --image-max-size and from the budgets: of .imgslim.yaml") {
  Stack s;
  std::ofstream(s.dir / ".imgslim.yaml") << "budgets:\n  - image: \"*compose-web*\"\n    max-size: 100MB\n"
                                            "compose:\n  image-max-size: 1MB\n";
  json report = compose_json(s, {}, 0);
  auto over = findings(report, "compose-image-max-size");
  std::set<std::string> services;
  for (const auto& f : over) services.insert(f["service"].get<std::string>());
  CHECK(services == std::set<std::string>{"api", "worker", "jobs"});  // web: its budget allows 100 MB
  const json* web = row_of(report, kWeb);
  CHECK((*web)["max_size"]["bytes"] == 100'000'000);
  CHECK((*web)["max_size"]["from"].get<std::string>().find(".imgslim.yaml:2") != std::string::npos);
  CHECK((*row_of(report, kApi))["max_size"]["from"] == "compose.image-max-size");
  for (const auto& f : over)
    if (f["service"] == "api")
      CHECK(f["message"].get<std::string>().find("over the 976.6 KiB per-image limit (1.00 MB, compose.image-max-size)") !=
            std::string::npos);

  // The command line wins over the file.
  json loose = compose_json(s, {"--image-max-size", "50MB"}, 0);
  CHECK(findings(loose, "compose-image-max-size").empty());
}

TEST_CASE("compose --images: text, Markdown and SARIF show the images") {
  Stack s;
  auto text = run_imgslim({"compose", s.compose, "--images", "-q", "--host-disk", "10G"}, {}, s.dir.path);
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("IMAGE") != std::string::npos);
  CHECK(text.out.find("TOP CATEGORIES") != std::string::npos);
  CHECK(text.out.find(kApi + "  ") != std::string::npos);
  CHECK(text.out.find("web, web2") != std::string::npos);
  CHECK(text.out.find("unreadable (compose-image-unreadable)") != std::string::npos);
  CHECK(text.out.find("shared layers once") != std::string::npos);
  CHECK(text.out.find("dev-deps") != std::string::npos);
  // One unit family for the same amounts: the disk line, the images table and its
  // categories all in MiB (issue #29.8), never MB next to MiB.
  CHECK(text.out.find(" MB") == std::string::npos);
  CHECK(text.out.find(" kB") == std::string::npos);
  auto disk_line = text.out.substr(text.out.find("\ndisk ") + 1);
  disk_line = disk_line.substr(0, disk_line.find('\n'));
  auto images_mib = disk_line.substr(disk_line.find("images ") + 7);
  images_mib = images_mib.substr(0, images_mib.find(','));
  auto total_line = text.out.substr(text.out.find("\ntotal ", text.out.find("IMAGE")) + 1);
  total_line = total_line.substr(0, total_line.find('\n'));
  CHECK(total_line.find(images_mib) != std::string::npos);  // the same figure, written the same way

  auto md = run_imgslim({"compose", s.compose, "--images", "-q", "--format", "markdown"}, {}, s.dir.path);
  REQUIRE(md.exit_code == 0);
  CHECK(md.out.find("| image | services | disk | final | pull | top categories |") != std::string::npos);
  CHECK(md.out.find("| `" + kApi + "` | api |") != std::string::npos);

  auto sarif = run_imgslim({"compose", s.compose, "--images", "-q", "--format", "sarif"}, {}, s.dir.path);
  REQUIRE(sarif.exit_code == 0);
  imgslim::testing::check_sarif(sarif.out);
  json doc = json::parse(sarif.out);
  bool found = false;
  for (const auto& r : doc["runs"][0]["results"])
    if (r["ruleId"] == "compose-image-unreadable" && r["properties"]["service"] == "cache") {
      found = true;
      CHECK(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docker-compose.yml");
      CHECK(r["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>() > 1);
    }
  CHECK(found);
}

TEST_CASE("compose --images: an OCI layout with gzip layers has a pull size, as analyze reports it") {
  Stack s;
  auto copied = run({"skopeo", "copy", "-q", "docker-daemon:" + kWeb, "oci:" + s.dir / "web-oci:1"});
  REQUIRE_MESSAGE(copied.exit_code == 0, copied.err);
  json report = compose_json(s, {"--image", "web2=oci:web-oci:1"}, 0);  // relative to the project directory
  const std::string ref = "oci:" + s.dir / "web-oci:1";
  const json* row = row_of(report, ref);
  REQUIRE(row != nullptr);
  json a = analyze(ref);
  CHECK((*row)["compressed_bytes"] == a["compressed_bytes"]);
  CHECK((*row)["compressed_bytes"].get<std::uint64_t>() < (*row)["bytes"].get<std::uint64_t>());
  CHECK((*row)["bytes"] == (*row_of(report, kWeb))["bytes"]);  // the same layers, read from another source
  CHECK((*row)["services"] == json::array({"web2"}));
  CHECK((*row_of(report, kWeb))["services"] == json::array({"web"}));
}
