#include "oci/client/docker_config.h"

#include <cstdlib>

namespace imgslim::oci {

std::string docker_config_dir() {
  if (const char* dir = std::getenv("DOCKER_CONFIG"); dir && *dir) return dir;
  const char* home = std::getenv("HOME");
  return (home && *home ? std::string(home) : std::string("/root")) + "/.docker";
}

}  // namespace imgslim::oci
