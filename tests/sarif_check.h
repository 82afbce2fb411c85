// Test helper: checks a SARIF 2.1.0 document. Always checks the properties
// the spec requires and GitHub code scanning reads; when the official JSON
// schema is available (IMGSLIM_SARIF_SCHEMA, or ../shared/specs/
// sarif-schema-2.1.0.json) also validates against it with python3-jsonschema.
#pragma once
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace imgslim::testing {

inline std::string sarif_schema_path() {
  if (const char* p = std::getenv("IMGSLIM_SARIF_SCHEMA"); p && std::filesystem::exists(p)) return p;
  std::string shared = std::string(IMGSLIM_SHARED_DIR) + "/specs/sarif-schema-2.1.0.json";
  if (std::filesystem::exists(shared)) return shared;
  return "";
}

inline void check_sarif(const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text);
  REQUIRE(doc.is_object());
  CHECK(doc.value("version", "") == "2.1.0");
  REQUIRE(doc.contains("runs"));
  REQUIRE(doc["runs"].is_array());
  for (const auto& run : doc["runs"]) {
    REQUIRE(run.contains("tool"));
    REQUIRE(run["tool"].contains("driver"));
    CHECK(run["tool"]["driver"]["name"].is_string());
    if (run.contains("results")) {
      for (const auto& res : run["results"]) {
        CHECK(res.contains("message"));
        CHECK((res["message"].contains("text") || res["message"].contains("id")));
        if (res.contains("level")) {
          std::string lv = res["level"];
          CHECK((lv == "none" || lv == "note" || lv == "warning" || lv == "error"));
        }
        if (res.contains("locations")) {
          for (const auto& loc : res["locations"]) {
            if (!loc.contains("physicalLocation")) continue;
            const auto& pl = loc["physicalLocation"];
            CHECK(pl["artifactLocation"]["uri"].is_string());
            if (pl.contains("region")) CHECK(pl["region"].value("startLine", 0) >= 1);
          }
        }
      }
    }
  }
  std::string schema = sarif_schema_path();
  if (schema.empty()) return;
  char tmpl[] = "/tmp/imgslim-sarif-XXXXXX";
  int fd = mkstemp(tmpl);
  REQUIRE(fd >= 0);
  {
    std::ofstream out(tmpl);
    out << text;
  }
  close(fd);
  std::string cmd = "/usr/bin/python3 -c 'import json,sys,jsonschema; "
                    "jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' '" +
                    schema + "' '" + tmpl + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string output;
  char buf[4096];
  while (p && fgets(buf, sizeof buf, p)) output += buf;
  int rc = p ? pclose(p) : -1;
  std::remove(tmpl);
  CHECK_MESSAGE(rc == 0, "SARIF schema validation failed: " << output);
}

}  // namespace imgslim::testing
