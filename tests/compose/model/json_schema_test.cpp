// The JSON-schema subset validator, on a small schema of its own and on the
// Compose specification's schema with real Compose files.
#include <doctest/doctest.h>

#include <filesystem>

#include "compose/model/compose_schema.h"
#include "compose/model/json_schema.h"
#include "compose/model/yaml_loader.h"
#include "support/error.h"

using namespace imgslim::compose;
namespace fs = std::filesystem;

namespace {

std::optional<SchemaViolation> check(const JsonSchema& s, const std::string& yaml) {
  return s.validate(load_yaml_text(yaml, "doc.yml", nullptr));
}

}  // namespace

TEST_CASE("json schema: the keywords the Compose schema uses") {
  JsonSchema s(R"({"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},
    "required":["name"],
    "properties":{"name":{"type":"string","pattern":"^[a-z]+$"},
      "size":{"type":["number","string"]},
      "n":{"type":"integer","minimum":1,"maximum":3},
      "mode":{"enum":["a","b"]},
      "tags":{"type":"array","items":{"type":"string"},"uniqueItems":true},
      "cmd":{"$ref":"#/$defs/cmd"}},
    "$defs":{"cmd":{"oneOf":[{"type":"null"},{"type":"string"},{"type":"array","items":{"type":"string"}}]}}})");
  CHECK_FALSE(check(s, "name: ok\nsize: 1\nn: 2\nmode: a\ntags: [x, y]\ncmd: [a]\nx-any: {z: 1}\n"));
  CHECK(check(s, "size: 1\n")->str() == "(root): missing required property 'name'");
  CHECK(check(s, "name: ok\nsiz: 1\n")->str() == "(root): additional property 'siz' is not allowed");
  CHECK(check(s, "name: ok\nsiz: 1\n")->where.line == 2);
  CHECK(check(s, "name: ok\nsize: [1]\n")->str() == "size must be a number or a string, not a list");
  CHECK(check(s, "name: ok\nn: 5\n")->str() == "n must be at most 3");
  CHECK(check(s, "name: ok\nn: \"2\"\n")->str() == "n must be an integer, not a string");
  CHECK(check(s, "name: ok\nmode: c\n")->str() == "mode must be one of: a, b");
  CHECK(check(s, "name: ok\ntags: [x, x]\n")->str() == "tags must not list the same item twice (\"x\")");
  CHECK(check(s, "name: ok\ntags: [x, 1]\n")->str() == "tags[1] must be a string, not an integer");
  CHECK(check(s, "name: Bad\n")->str() == "name does not match the pattern ^[a-z]+$");
  CHECK(check(s, "name: ok\ncmd: {a: 1}\n")->str() == "cmd must be a list, null or a string, not a mapping");
  // A oneOf branch that matches the type reports its own deeper reason.
  CHECK(check(s, "name: ok\ncmd: [a, {b: 1}]\n")->str() == "cmd[1] must be a string, not a mapping");
}

// compose-go validates every file against compose-spec.json (its schema
// package); these inputs load in compose-go's own tests, so they must pass.
TEST_CASE("json schema: compose-go's test inputs and imgslim's fixtures are valid Compose files") {
  std::vector<fs::path> roots = {fs::path(IMGSLIM_SHARED_DIR) / "realworld/compose-go",
                                 fs::path(IMGSLIM_SOURCE_DIR) / "fixtures/compose"};
  int files = 0;
  for (const auto& root : roots)
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      const std::string ext = e.path().extension().string();
      if (!e.is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
      if (e.path().filename().string().find(".golden.") != std::string::npos) continue;
      Value doc = load_yaml_file(e.path().string(), nullptr);
      if (!doc.is_map()) continue;  // empty.yaml
      if (Value* services = doc.find("services"))  // `name:` alone is an empty service (compose-go fixEmptyNotNull)
        for (auto& [name, svc] : services->map)
          if (svc.is_null()) svc = Value::make_map();
      CAPTURE(e.path().string());
      CHECK_NOTHROW(validate_compose_document(doc));
      ++files;
    }
  CHECK(files > 60);
}

// docker compose: "services.app additional properties 'servise' not allowed"
// and the like; imgslim names the key, the path and the line.
TEST_CASE("json schema: Compose's errors for unknown keys and wrong types") {
  auto err = [](const std::string& yaml) {
    try {
      validate_compose_document(load_yaml_text(yaml, "compose.yml", nullptr));
    } catch (const imgslim::Error& e) {
      return std::string(e.what());
    }
    return std::string("valid");
  };
  CHECK(err("servise:\n  app:\n    image: x\n") == "compose.yml:1:1: (root): additional property 'servise' is not allowed");
  CHECK(err("services:\n  app:\n    image: x\n    memlimit: 1g\n") ==
        "compose.yml:4:5: services.app: additional property 'memlimit' is not allowed");
  CHECK(err("services:\n  app:\n    image: x\n    mem_limit: [1]\n") ==
        "compose.yml:4:16: services.app.mem_limit must be a number or a string, not a list");
  CHECK(err("services:\n  app:\n    image: x\n    depends_on:\n      db:\n        condition: started\n") ==
        "compose.yml:6:20: services.app.depends_on.db.condition must be one of: service_started, service_healthy, "
        "service_completed_successfully");
  CHECK(err("services:\n  app:\n    image: x\n    healthcheck:\n      interval: 5s\n      timeuot: 5s\n") ==
        "compose.yml:6:7: services.app.healthcheck: additional property 'timeuot' is not allowed");
  CHECK(err("services:\n  app:\n    image: x\n    x-meta: {a: 1}\n    deploy:\n      resources:\n        limits:\n"
            "          memory: 512M\n") == "valid");
}

// A hostile key of 200 kB under a pattern-matched mapping: decided without
// std::regex recursion (no stack exhaustion), and valid as Compose reads it.
TEST_CASE("json schema: a 200 kB key is checked without exhausting the stack") {
  const std::string key(200'000, 'k');
  Value doc = load_yaml_text("services:\n  a:\n    image: x\n    logging:\n      options:\n        ? " + key + "\n        : v\n",
                             "long.yml", nullptr);
  CHECK_NOTHROW(validate_compose_document(doc));
  Value bad = load_yaml_text("services:\n  ? " + key + "!\n  : {image: x}\n", "bad.yml", nullptr);
  CHECK_THROWS_AS(validate_compose_document(bad), imgslim::Error);
}

// compose-go interpolates, then casts typed fields (interpolateTypeCastMapping)
// before validating: `required: ${REQ}` with REQ=false is a boolean.
TEST_CASE("json schema: an interpolated value is read as the type its field needs") {
  imgslim::compose::Environment env{{"REQ", "false"}, {"WORD", "maybe"}};
  Interpolator interp{&env, nullptr};
  const std::string doc =
      "services:\n  a:\n    image: x\n    depends_on:\n      b:\n        condition: service_started\n"
      "        required: ${REQ}\n  b: {image: y}\n";
  CHECK_NOTHROW(validate_compose_document(load_yaml_text(doc, "i.yml", &interp)));
  std::string word = doc;
  word.replace(word.find("${REQ}"), 6, "${WORD}");
  CHECK_THROWS_WITH_AS(validate_compose_document(load_yaml_text(word, "i.yml", &interp)),
                       "i.yml:7:19: services.a.depends_on.b.required must be a boolean, not a string", imgslim::Error);
}
