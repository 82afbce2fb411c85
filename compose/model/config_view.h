// What `imgslim compose config` prints: the resolved model of the fields
// imgslim reads, in compose-go's normalised shapes (`docker compose config`):
// sizes in bytes as strings, durations as Go prints them (1m30s), commands
// as argument lists, environment as a map (env_file contents included),
// depends_on with condition/required/restart, long-syntax volumes.
#pragma once
#include <string>

#include "compose/model/project.h"

namespace imgslim::compose {

// format: "yaml" or "json". Throws imgslim::Error for a malformed value.
std::string render_config(const Project& project, const std::string& format);

// 90 -> "1m30s", 0.5 -> "500ms", 10 -> "10s" (Go's time.Duration.String()).
std::string go_duration(double seconds);

}  // namespace imgslim::compose
