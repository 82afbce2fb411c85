// Test helper: checks a SARIF 2.1.0 document: the properties the spec
// requires and GitHub code scanning reads, then validation against the
// official OASIS JSON schema (../shared/specs/sarif-schema-2.1.0.json, or the
// file IMGSLIM_SARIF_SCHEMA names) with python3-jsonschema. A missing schema
// or validator fails the test: validation is never skipped.
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
  if (const char* p = std::getenv("IMGSLIM_SARIF_SCHEMA"); p && *p) return p;
  return std::string(IMGSLIM_SHARED_DIR) + "/specs/sarif-schema-2.1.0.json";
}

// Validates `text` against the official schema; returns what jsonschema
// reports (empty when valid). A missing schema fails the calling test.
inline std::string sarif_schema_problems(const std::string& text) {
  const std::string schema = sarif_schema_path();
  REQUIRE_MESSAGE(std::filesystem::is_regular_file(schema), "the SARIF 2.1.0 schema is missing: " << schema);
  char tmpl[] = "/tmp/imgslim-sarif-XXXXXX";
  int fd = mkstemp(tmpl);
  REQUIRE(fd >= 0);
  {
    std::ofstream out(tmpl);
    out << text;
  }
  close(fd);
  std::string cmd = "/usr/bin/python3 -c 'import json,sys,jsonschema; "
                    "s = json.load(open(sys.argv[1])); "
                    "assert s[\"$id\"].endswith(\"sarif-schema-2.1.0.json\"), s[\"$id\"]; "
                    "jsonschema.validate(json.load(open(sys.argv[2])), s); print(\"valid\")' '" +
                    schema + "' '" + tmpl + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string output;
  char buf[4096];
  while (p && fgets(buf, sizeof buf, p)) output += buf;
  int rc = p ? pclose(p) : -1;
  std::remove(tmpl);
  if (rc == 0 && output == "valid\n") return "";
  return output.empty() ? "python3-jsonschema exited " + std::to_string(rc) : output;
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
  const std::string problems = sarif_schema_problems(text);
  CHECK_MESSAGE(problems.empty(), "SARIF schema validation failed (" << sarif_schema_path() << "): " << problems);
}

}  // namespace imgslim::testing
