// The Docker client's configuration directory ($DOCKER_CONFIG, else
// ~/.docker), read by the engine endpoint (contexts, TLS certificates) and
// the registry credentials (config.json auths and credential helpers).
#pragma once
#include <string>

namespace imgslim::oci {

std::string docker_config_dir();

}  // namespace imgslim::oci
