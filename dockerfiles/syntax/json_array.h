// The JSON (exec form) check of BuildKit's parser: Go's json.Unmarshal of
// the text into []any, then every element must be a string.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace imgslim::dockerfiles {

enum class JsonArrayStatus {
  NotJson,       // not an array or invalid JSON: BuildKit falls back to shell form
  NotStrings,    // a valid array with a non-string element: a hard error
  Strings,       // a valid array of strings
};

struct JsonArray {
  JsonArrayStatus status = JsonArrayStatus::NotJson;
  std::vector<std::string> values;
};

// `text` may have leading whitespace (skipped) and trailing whitespace.
JsonArray parse_json_string_array(std::string_view text);

}  // namespace imgslim::dockerfiles
