// A validator for the part of JSON Schema (draft-07 / 2020-12 keywords) the
// Compose specification's schema uses: type, $ref (#/$defs/...), properties,
// patternProperties, additionalProperties, required, items, oneOf, anyOf,
// allOf, enum, const, pattern, minimum, maximum, uniqueItems. It checks a
// Value tree, with the JSON type YAML gives each scalar (value.h's
// yaml_type), and reports the first violation with the node's location.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "compose/model/value.h"

namespace imgslim::compose {

struct SchemaViolation {
  Location where;
  std::string path;     // "services.app.mem_limit"; "" for the document itself
  std::string problem;  // "must be a number or string, not an array"
  std::string str() const;  // "services.app.mem_limit must be ..." / "services.app: additional property ..."
};

class JsonSchema {
 public:
  // Throws std::invalid_argument for text that is not a JSON object.
  explicit JsonSchema(const std::string& schema_json);
  ~JsonSchema();
  JsonSchema(const JsonSchema&) = delete;
  JsonSchema& operator=(const JsonSchema&) = delete;

  std::optional<SchemaViolation> validate(const Value& value) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace imgslim::compose
