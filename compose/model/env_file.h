// `env_file:` as Compose resolves a service's environment: the files in
// order (string, list, or `{path, required, format}` entries; a later file
// overrides an earlier one; `required: false` skips a missing file;
// `format: raw` takes each KEY=VALUE line verbatim), then the service's own
// `environment:` on top. Values in the files may use the project's
// variables and those set by earlier files.
#pragma once
#include "compose/model/interpolation.h"
#include "compose/model/value.h"

namespace imgslim::compose {

// Adds the env files' variables to `service`'s `environment` mapping (keys
// it sets itself keep their value), each located at its line in the env
// file. Relative paths start at `project_dir`. Throws imgslim::Error for a
// missing required file, an unsupported format or a malformed line.
void apply_env_files(Value& service, const std::string& project_dir, const Environment& project_env);

}  // namespace imgslim::compose
