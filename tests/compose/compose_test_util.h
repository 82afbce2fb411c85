// Helpers for the compose tests: fixture paths, temporary projects, audits
// with the plan's VPS (2 GB, 2 vCPU, 25 GB), running the imgslim binary.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "compose/checks/audit.h"
#include "compose/model/project.h"

namespace compose_test {

std::string fixture(const std::string& rel);  // fixtures/compose/<rel>

// A fresh directory under the build tree, removed by the destructor.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name);
  ~TempDir();
  std::string write(const std::string& rel, const std::string& content) const;
};

imgslim::compose::Project load(const std::vector<std::string>& files,
                               const imgslim::compose::Environment& env = {},
                               const std::vector<std::string>& profiles = {});

imgslim::compose::AuditOptions vps(const std::string& memory = "2G");

imgslim::compose::Report audit_files(const std::vector<std::string>& files, const std::string& memory = "2G");

std::vector<const imgslim::compose::Finding*> findings_of(const imgslim::compose::Report& r, const std::string& rule);

struct Run {
  int status = -1;
  std::string out, err;
};
// Runs IMGSLIM_BINARY with `args` (shell-quoted here) in `cwd`.
Run run_imgslim(const std::vector<std::string>& args, const std::string& cwd = "");

}  // namespace compose_test
