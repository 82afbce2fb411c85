// `imgslim compose --measure --compare … --build-times` on the KPI fixture
// (fixtures/compose/kpi): the naive stack, then the same stack with its
// override (the rewritten backend Dockerfile, slim store, limits). The text
// table shows every KPI of the plan with deltas that are those of the two
// runs' own JSON (written by --measure-json in the same run); the rewritten
// backend's rebuild after a source change is shorter than its cold build;
// the user's files are untouched and nothing is left running.
#include <doctest/doctest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "../builder_support.h"
#include "../tree_snapshot.h"
#include "stack_support.h"

using nlohmann::json;
namespace bt = imgslim::builder::test;
using namespace imgslim::builder::stack::test;

namespace {

// The text KPI table: from its header line to the end of the output, each
// line split at runs of two or more spaces after the row's indentation.
std::vector<std::vector<std::string>> kpi_lines(const std::string& out) {
  std::vector<std::vector<std::string>> rows;
  auto at = out.find("\nKPI ");
  REQUIRE_MESSAGE(at != std::string::npos, ("no KPI table in:\n" + out));
  std::istringstream lines(out.substr(at + 1));
  std::string line;
  std::getline(lines, line);  // header
  const std::regex gap(" {2,}");
  while (std::getline(lines, line)) {
    if (line.empty()) break;
    std::string indent = line.rfind("  ", 0) == 0 ? "  " : "";
    std::string rest = line.substr(indent.size());
    std::vector<std::string> cells(std::sregex_token_iterator(rest.begin(), rest.end(), gap, -1), {});
    if (!cells.empty()) cells[0] = indent + cells[0];
    rows.push_back(cells);
  }
  return rows;
}

// "945 MiB", "8.6 s", "21.9 ms", "2", "-771 MiB (-82 %)" -> the first number in the row's unit.
double parse_value(const std::string& cell, const std::string& unit) {
  double v = std::stod(cell);
  if (unit == "bytes") v *= cell.find("GiB") != std::string::npos ? 1073741824.0 : 1048576.0;
  return v;
}

// The rounding of the text: 0.1 MiB below 100 MiB, 1 MiB above; 0.1 s, 0.1 ms; whole counts.
double tolerance(double value, const std::string& unit) {
  if (unit == "bytes") return std::fabs(value) >= 100 * 1048576.0 ? 0.51 * 1048576 : 0.051 * 1048576;
  if (unit == "count") return 0;
  return 0.051;
}

const json& service_of(const json& measure, const std::string& name) { return service(measure, name); }

// The value a KPI row must show, read from one run's own `measure` object.
std::optional<double> expected(const json& m, const json& row) {
  const std::string id = row["id"];
  auto num = [](const json& v) { return v.is_null() ? std::optional<double>() : std::optional<double>(v.get<double>()); };
  if (!row["service"].is_null()) {
    const json& s = service_of(m, row["service"]);
    if (id == "startup_seconds") return num(s["startup_seconds"]);
    if (id == "image_bytes") return num(s["image_bytes"]);
    if (id == "peak_memory_bytes") return num(s["peak_memory_bytes"]);
    if (id == "oom_kills") return s["oom_killed"].get<bool>() ? 1 : 0;
    if (id == "build_cold_seconds") return num(s["build_times"]["cold_seconds"]);
    if (id == "rebuild_seconds") return num(s["build_times"]["rebuild_seconds"]);
    FAIL("unknown per-service KPI " << id);
  }
  const json& stack = m["stack"];
  double sum = 0, n = 0;
  if (id == "all_healthy_seconds") return num(stack["all_healthy_seconds"]);
  if (id == "images_bytes") return num(stack["images_bytes"]);
  if (id == "peak_memory_bytes") return num(stack["peak_memory_bytes"]);
  if (id == "memory_limits_bytes") return num(stack["memory_limits_bytes"]);
  if (id == "response_p50_ms") return num(m["load"]["p50_ms"]);
  if (id == "response_p90_ms") return num(m["load"]["p90_ms"]);
  for (const auto& s : m["services"]) {
    n += 1;
    if (id == "image_average_bytes") sum += s["image_bytes"].get<double>();
    if (id == "oom_kills") sum += s["oom_killed"].get<bool>() ? 1 : 0;
    if (id == "services_healthy") sum += s["healthy"].get<bool>() ? 1 : 0;
    if (id == "build_cold_seconds" && s["build_times"].is_object()) sum += s["build_times"]["cold_seconds"].get<double>();
    if (id == "rebuild_seconds" && s["build_times"].is_object()) sum += s["build_times"]["rebuild_seconds"].get<double>();
  }
  if (id == "image_average_bytes") return std::round(sum / n);
  return sum;
}

}  // namespace

TEST_CASE("stack kpis: the plan's stack before and after its override, every KPI with deltas from both runs' JSON") {
  auto engine = imgslim::builder::make_docker_engine();
  bt::require_prerequisites(*engine);
  const std::string dir = std::string(IMGSLIM_SOURCE_DIR) + "/fixtures/compose/kpi";
  const std::string backend = bt::source("fixtures/apps/backend");
  const auto backend_before = bt::tree_snapshot(backend);
  const auto stack_before = bt::tree_snapshot(dir);
  const std::string project = "imgslim-test-stack-kpi";
  imgslim::testing::TempDir tmp;
  auto r = imgslim::testing::run_imgslim(
      {"compose", "-f", "docker-compose.yml", "-p", project, "--host-memory", "2G", "--measure", "--compare",
       "docker-compose.yml", "--compare", "docker-compose.imgslim.yml", "--build", "--build-times", "--load",
       "http://127.0.0.1:18631/health", "--requests", "40", "--measure-json", tmp / "measured.json"},
      {"BACKEND_PORT=18631", "TMPDIR=" + tmp.path}, dir);
  INFO("stderr:\n" << r.err);
  INFO("stdout:\n" << r.out);
  CHECK(r.exit_code == 1);  // the naive file's missing memory limits are audit errors
  std::ifstream in(tmp / "measured.json");
  REQUIRE_MESSAGE(in.good(), "--measure-json wrote nothing");
  json doc = json::parse(in);
  REQUIRE(doc.contains("compare"));
  const json& before = doc["compare"]["before"];
  const json& after = doc["compare"]["after"];
  const json& kpis = doc["compare"]["kpis"];
  CHECK(before["passed"] == true);
  CHECK(after["passed"] == true);
  CHECK(doc["measure"] == before);

  // Every KPI the plan promises is there, for the stack and per service.
  std::set<std::string> ids;
  for (const auto& k : kpis) ids.insert(k["id"].get<std::string>() + "/" + (k["service"].is_null() ? "" : k["service"].get<std::string>()));
  for (const char* id : {"all_healthy_seconds/", "startup_seconds/store", "startup_seconds/backend", "images_bytes/",
                         "image_bytes/store", "image_bytes/backend", "image_average_bytes/", "peak_memory_bytes/",
                         "peak_memory_bytes/store", "peak_memory_bytes/backend", "memory_limits_bytes/", "oom_kills/",
                         "oom_kills/store", "oom_kills/backend", "services_healthy/", "build_cold_seconds/",
                         "build_cold_seconds/backend", "rebuild_seconds/", "rebuild_seconds/backend",
                         "response_p50_ms/", "response_p90_ms/"})
    CHECK_MESSAGE(ids.count(id), "no KPI row " << id);
  CHECK_FALSE(ids.count("build_cold_seconds/store"));  // store has no build:

  // Each row's figures are the two runs' own, its delta their difference,
  // and the text table shows the same rows in the same order.
  auto text = kpi_lines(r.out);
  REQUIRE(text.size() == kpis.size());
  for (std::size_t i = 0; i < kpis.size(); ++i) {
    const json& k = kpis[i];
    const std::string unit = k["unit"];
    INFO("KPI " << k.dump());
    auto x = expected(before, k), y = expected(after, k);
    REQUIRE(x.has_value());
    REQUIRE(y.has_value());
    CHECK(k["before"].get<double>() == doctest::Approx(*x).epsilon(1e-9));
    CHECK(k["after"].get<double>() == doctest::Approx(*y).epsilon(1e-9));
    CHECK(k["delta"].get<double>() == doctest::Approx(*y - *x).epsilon(1e-9));
    if (*x != 0) CHECK(k["delta_percent"].get<double>() == doctest::Approx((*y - *x) / *x * 100).epsilon(1e-6));
    const auto& cells = text[i];
    REQUIRE(cells.size() == 4);
    CHECK(cells[0] == k["label"].get<std::string>());
    CHECK(std::fabs(parse_value(cells[1], unit) - *x) <= tolerance(*x, unit));
    CHECK(std::fabs(parse_value(cells[2], unit) - *y) <= tolerance(*y, unit));
    CHECK(std::fabs(parse_value(cells[3], unit) - (*y - *x)) <= tolerance(*y - *x, unit));
  }

  // The override's stack: smaller images, limits set, nothing OOM-killed.
  CHECK(service(after, "backend")["image_bytes"].get<double>() * 100 < service(before, "backend")["image_bytes"].get<double>() * 30);
  CHECK(after["stack"]["memory_limits_bytes"] == (64ull + 128ull) << 20);
  // Build times of the backend in both runs; the rewritten Dockerfile's rebuild skips `npm ci`.
  for (const json* m : {&before, &after}) {
    const json& t = service(*m, "backend")["build_times"];
    REQUIRE(t.is_object());
    CHECK(t["error"] == "");
    CHECK(t["changed_file"] == "src/server.ts");
    CHECK(t["cold_seconds"].get<double>() > 0);
    CHECK(t["rebuild_seconds"].get<double>() > 0);
    CHECK(service(*m, "store")["build_times"].is_null());
  }
  const json& rewritten = service(after, "backend")["build_times"];
  CHECK(rewritten["rebuild_seconds"].get<double>() < rewritten["cold_seconds"].get<double>());
  CHECK(r.out.find("build times: backend cold ") != std::string::npos);

  CHECK(bt::tree_snapshot(backend) == backend_before);
  CHECK(bt::tree_snapshot(dir) == stack_before);
  CHECK(bt::entries_named(tmp.path, "imgslim-context-") == 0);
  CHECK(leftovers(project).empty());
  for (const json* m : {&before, &after}) {
    auto images = imgslim::testing::run(
        {"docker", "images", "-q", "--filter", "reference=imgslim-measure/" + (*m)["run_id"].get<std::string>() + ":*"});
    CHECK(images.out == "");
  }
}

TEST_CASE("stack kpis: --measure-json into a missing folder is one error line, exit 2, before anything starts") {
  const std::string project = "imgslim-test-stack-kpi-json";
  auto r = imgslim::testing::run_imgslim({"compose", "-f", "docker-compose.yml", "-p", project, "--measure",
                                          "--measure-json", "/nonexistent-imgslim/measured.json"},
                                         {"BACKEND_PORT=18632"}, std::string(IMGSLIM_SOURCE_DIR) + "/fixtures/compose/kpi");
  CHECK(r.exit_code == 2);
  CHECK(r.out == "");
  CHECK(r.err == "imgslim: /nonexistent-imgslim/measured.json: no such directory: /nonexistent-imgslim\n");
  CHECK(leftovers(project).empty());
}
