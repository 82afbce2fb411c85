// Reads a YAML file into a Value tree with file/line/column on every node,
// interpolating scalar values (not keys) and resolving YAML merge keys
// (`<<: *anchor`), which yaml-cpp 0.7 leaves to the application.
#pragma once
#include <string>

#include "compose/model/interpolation.h"
#include "compose/model/value.h"

namespace imgslim::compose {

// Throws imgslim::Error("file", "cannot read") or ("file:line:col", parser message).
// `interp` may be null (no interpolation).
Value load_yaml_file(const std::string& path, const Interpolator* interp);

// The same over text already in memory; `name` names it in errors.
Value load_yaml_text(const std::string& text, const std::string& name, const Interpolator* interp);

}  // namespace imgslim::compose
