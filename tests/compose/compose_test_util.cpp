#include "compose_test_util.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "support/size.h"

namespace fs = std::filesystem;

namespace compose_test {

std::string fixture(const std::string& rel) { return std::string(IMGSLIM_SOURCE_DIR) + "/fixtures/compose/" + rel; }

TempDir::TempDir(const std::string& name) {
  path = fs::path(IMGSLIM_BUILD_DIR) / "tmp-compose" / (name + "-" + std::to_string(::getpid()));
  fs::remove_all(path);
  fs::create_directories(path);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path, ec);
}

std::string TempDir::write(const std::string& rel, const std::string& content) const {
  fs::path p = path / rel;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

imgslim::compose::Project load(const std::vector<std::string>& files, const imgslim::compose::Environment& env,
                               const std::vector<std::string>& profiles) {
  imgslim::compose::LoadOptions o;
  o.files = files;
  o.env = env;
  o.profiles = profiles;
  return imgslim::compose::load_project(o);
}

imgslim::compose::AuditOptions vps(const std::string& memory) {
  imgslim::compose::AuditOptions o;
  o.host_memory = imgslim::parse_size(memory);
  o.host_memory_label = memory;
  o.host_cpus = 2;
  o.host_disk = imgslim::parse_size("25G");
  return o;
}

imgslim::compose::Report audit_files(const std::vector<std::string>& files, const std::string& memory) {
  auto project = load(files);
  return imgslim::compose::audit(project, vps(memory));
}

std::vector<const imgslim::compose::Finding*> findings_of(const imgslim::compose::Report& r, const std::string& rule) {
  std::vector<const imgslim::compose::Finding*> out;
  for (const auto& f : r.findings)
    if (f.rule == rule) out.push_back(&f);
  return out;
}

static std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

Run run_imgslim(const std::vector<std::string>& args, const std::string& cwd) {
  static int counter = 0;
  fs::path err_file = fs::path(IMGSLIM_BUILD_DIR) / ("compose-cli-stderr-" + std::to_string(::getpid()) + "-" +
                                                     std::to_string(counter++));
  std::string cmd;
  if (!cwd.empty()) cmd += "cd " + quote(cwd) + " && ";
  cmd += quote(IMGSLIM_BINARY);
  for (const auto& a : args) cmd += " " + quote(a);
  cmd += " 2>" + quote(err_file.string());
  Run run;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return run;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
  int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  std::stringstream ss;
  ss << in.rdbuf();
  run.err = ss.str();
  fs::remove(err_file);
  return run;
}

}  // namespace compose_test
