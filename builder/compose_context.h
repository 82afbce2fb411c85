// The build context of a Dockerfile, as a Compose file beside it (or in the
// current directory) declares it: the service whose `build` names this
// Dockerfile gives `build.context`. Lets `imgslim rewrite X.Dockerfile
// --measure` build against the app folder without --context, the way
// `docker compose build` would.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace imgslim::builder {

struct ComposeBuild {
  std::string compose_file;  // where it was found
  std::string service;
  std::string context;       // absolute, normalized
};

// Compose files looked at, in order: compose.yaml, compose.yml,
// docker-compose.yaml, docker-compose.yml in each of `folders`. The first
// service whose build.context + build.dockerfile resolves to `dockerfile`
// wins; nullopt when none does. Unreadable or malformed files are skipped
// (they are not this command's input).
std::optional<ComposeBuild> find_compose_build(const std::string& dockerfile, const std::vector<std::string>& folders);

}  // namespace imgslim::builder
