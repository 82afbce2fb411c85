// Lenient field readers for the engine's own JSON (image inspect, history,
// the export's manifest.json): a missing or mistyped field reads as empty,
// since engines differ in what they fill in. Registry and layout documents
// are read strictly instead (oci/model/json_fields.h).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace imgslim::oci {

// The string at `key`, else "".
std::string engine_string(const nlohmann::json& obj, const char* key);
// The strings at `key`: an array's string items, or a lone string as one item.
std::vector<std::string> engine_strings(const nlohmann::json& obj, const char* key);

}  // namespace imgslim::oci
