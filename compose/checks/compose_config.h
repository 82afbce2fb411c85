// The `compose:` section of .imgslim.yaml (the config file `lint` and
// `check` read too), so a repository can pin its VPS once:
//
//   compose:
//     host-memory: 2G
//     host-cpus: 2
//     host-disk: 25G
//     os-reserve: 300MiB
//     disk-reserve: 3G
//     image-max-size: 300MB     # --images: per-image advice limit (final bytes)
//     ignore: [compose-swap-unset, compose-no-cpu-limit]
//     failure-threshold: warning
//
// Command-line options win over the file.
#pragma once
#include <optional>
#include <set>
#include <string>

namespace imgslim::compose {

struct ComposeConfig {
  std::string host_memory, host_disk, os_reserve, disk_reserve, image_max_size;  // as written (sizes)
  bool has_budgets = false;  // the file also has `imgslim check`'s `budgets:` list
  std::optional<double> host_cpus;
  std::set<std::string> ignore;
  std::string failure_threshold;
};

// Throws imgslim::Error(path, problem) on invalid YAML, unknown keys, unknown
// rule ids, bad sizes or thresholds. No `compose:` section: an empty config.
ComposeConfig load_compose_config(const std::string& path);

// .imgslim.yaml beside the first Compose file, else in the working directory, else "".
std::string find_compose_config(const std::string& first_compose_file);

}  // namespace imgslim::compose
