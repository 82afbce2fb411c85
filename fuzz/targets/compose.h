// Fuzz body: the Compose loader (YAML, interpolation, merge keys, extends)
// and the audit over what it loads. The input is docker-compose.yml in a
// scratch directory of its own (extends may name other files there).
#pragma once
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "compose/checks/audit.h"
#include "compose/model/project.h"
#include "support/error.h"

namespace imgslim_fuzz {

inline const std::string& compose_dir() {
  static const std::string dir = [] {
    char tmpl[] = "/tmp/imgslim-fuzz-compose-XXXXXX";
    const char* made = ::mkdtemp(tmpl);
    return std::string(made ? made : "/tmp");
  }();
  return dir;
}

}  // namespace imgslim_fuzz

inline int imgslim_fuzz_compose(const std::uint8_t* data, std::size_t size) {
  const std::string path = imgslim_fuzz::compose_dir() + "/docker-compose.yml";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
  }
  try {
    imgslim::compose::LoadOptions load;
    load.files = {path};
    load.env = {{"TAG", "20"}, {"PORT", "3000"}};
    const auto project = imgslim::compose::load_project(load);
    imgslim::compose::AuditOptions audit;
    audit.host_memory = 2ull << 30;
    audit.host_memory_label = "2G";
    audit.host_cpus = 2;
    (void)imgslim::compose::audit(project, audit);
  } catch (const imgslim::Error&) {
  }
  return 0;
}
