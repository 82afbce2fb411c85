// Engine over the docker CLI: the CLI reads DOCKER_HOST, DOCKER_CONTEXT and
// the current context, so a remote engine or a buildx builder (Kubernetes,
// docker-container driver) is used exactly as the user's own `docker build`.
// Builds use BuildKit: `docker buildx build --load` when the plugin exists,
// else `DOCKER_BUILDKIT=1 docker build` with a CLI older than 23 (newer CLIs
// refuse that without buildx; Debian's docker.io CLI at /usr/bin/docker is
// one). IMGSLIM_DOCKER names the CLI to use.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "builder/engine.h"
#include "builder/process.h"
#include "support/error.h"
#include "support/size.h"

namespace imgslim::builder {
namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string first_line(const std::string& s) {
  auto nl = s.find('\n');
  return trim(nl == std::string::npos ? s : s.substr(0, nl));
}

int client_major(const std::string& cli) {
  auto r = run_process({cli, "version", "--format", "{{.Client.Version}}"});
  std::string v = trim(r.out);
  if (v.empty() || !std::isdigit(static_cast<unsigned char>(v[0]))) return -1;
  return std::atoi(v.c_str());
}

class DockerEngine : public Engine {
 public:
  DockerEngine() {
    const char* override_cli = std::getenv("IMGSLIM_DOCKER");
    cli_ = override_cli && *override_cli ? override_cli : "docker";
    ProcessResult server;
    try {
      server = run_process({cli_, "version", "--format", "{{.Server.Version}}"}, merged_output());
    } catch (const Error&) {
      throw Error("docker", "the docker CLI is not installed (or IMGSLIM_DOCKER names no program)");
    }
    if (server.exit_code != 0) {
      const char* host = std::getenv("DOCKER_HOST");
      throw Error("docker", "no engine answers" + std::string(host ? " at DOCKER_HOST=" + std::string(host) : "") +
                                ": " + first_line(server.out));
    }
    server_version_ = trim(server.out);
    if (run_process({cli_, "buildx", "version"}).exit_code == 0) {
      build_prefix_ = {cli_, "buildx", "build", "--load"};
      mode_ = "buildx";
    } else {
      std::string chosen;
      for (const std::string& cand : {cli_, std::string("/usr/bin/docker")}) {
        if (cand.find('/') != std::string::npos && !std::filesystem::exists(cand)) continue;
        int major = client_major(cand);
        if (major > 0 && major < 23) { chosen = cand; break; }
      }
      if (chosen.empty())
        throw Error("docker", "this docker CLI builds with BuildKit only through the buildx plugin, which is missing "
                              "(install docker-buildx, or set IMGSLIM_DOCKER to a CLI older than 23)");
      build_prefix_ = {chosen, "build"};
      build_env_ = {"DOCKER_BUILDKIT=1"};
      mode_ = "DOCKER_BUILDKIT=1 " + chosen + " build";
    }
    auto host = run_process({cli_, "context", "inspect", "--format", "{{.Endpoints.docker.Host}}"});
    std::string endpoint = trim(host.out);
    const char* env_host = std::getenv("DOCKER_HOST");
    if (env_host && *env_host) endpoint = env_host;
    local_ = endpoint.empty() || endpoint.rfind("unix://", 0) == 0;
  }

  std::string describe() const override { return "docker engine " + server_version_ + " (BuildKit via " + mode_ + ")"; }

  BuildOutcome build(const BuildRequest& r) override {
    std::vector<std::string> argv = build_prefix_;
    argv.insert(argv.end(), {"--progress=plain", "-f", r.dockerfile, "-t", r.tag});
    for (const auto& [k, v] : r.labels) argv.insert(argv.end(), {"--label", k + "=" + v});
    for (const auto& a : r.build_args) argv.insert(argv.end(), {"--build-arg", a});
    for (const auto& s : r.secrets) argv.insert(argv.end(), {"--secret", s});
    if (!r.target.empty()) argv.insert(argv.end(), {"--target", r.target});
    if (!r.platform.empty()) argv.insert(argv.end(), {"--platform", r.platform});
    if (!r.network.empty()) argv.insert(argv.end(), {"--network", r.network});
    if (r.no_cache) argv.push_back("--no-cache");
    argv.push_back(r.context);
    auto start = std::chrono::steady_clock::now();
    auto res = run_process(argv, {.env = build_env_, .log_path = r.log_path});
    BuildOutcome out;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out.ok = res.exit_code == 0;
    if (!out.ok) out.log_tail = tail_lines(r.log_path, 15);
    return out;
  }

  std::optional<ImageFacts> inspect_image(const std::string& ref) override {
    auto r = run_process({cli_, "image", "inspect", ref});
    if (r.exit_code != 0) return std::nullopt;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    if (!j.is_array() || j.empty()) return std::nullopt;
    const auto& img = j[0];
    ImageFacts f;
    f.id = img.value("Id", "");
    f.size = img.value("Size", std::uint64_t{0});
    if (img.contains("RootFS") && img["RootFS"].contains("Layers") && img["RootFS"]["Layers"].is_array()) {
      for (const auto& d : img["RootFS"]["Layers"])
        if (d.is_string()) f.diff_ids.push_back(d.get<std::string>());
      f.layers = img["RootFS"]["Layers"].size();
    }
    const auto& c = img.value("Config", nlohmann::json::object());
    if (c.is_object()) {
      f.user = c.value("User", "");
      auto strings = [](const nlohmann::json& v) {
        std::vector<std::string> out;
        if (v.is_array()) for (const auto& s : v) out.push_back(s.get<std::string>());
        return out;
      };
      if (c.contains("Entrypoint")) f.entrypoint = strings(c["Entrypoint"]);
      if (c.contains("Cmd")) f.cmd = strings(c["Cmd"]);
      if (c.contains("ExposedPorts") && c["ExposedPorts"].is_object())
        for (const auto& [port, _] : c["ExposedPorts"].items())
          if (port.find("/tcp") != std::string::npos) f.exposed_tcp_ports.push_back(std::atoi(port.c_str()));
      std::sort(f.exposed_tcp_ports.begin(), f.exposed_tcp_ports.end());
      if (c.contains("Healthcheck") && c["Healthcheck"].is_object()) {
        auto test = strings(c["Healthcheck"].value("Test", nlohmann::json::array()));
        f.has_healthcheck = !test.empty() && test[0] != "NONE";
      }
    }
    return f;
  }

  void remove_image(const std::string& ref) override { run_process({cli_, "image", "rm", "-f", ref}); }

  void save_image(const std::string& ref, const std::string& path) override {
    auto r = run_process({cli_, "save", "-o", path, ref}, merged_output());
    if (r.exit_code != 0) throw Error(ref, "docker save failed: " + trim(r.out));
  }

  std::string run(const RunRequest& r) override {
    std::vector<std::string> argv = {cli_, "run", "-d", "--name", r.name, "--network", r.network};
    for (const auto& [k, v] : r.labels) argv.insert(argv.end(), {"--label", k + "=" + v});
    argv.push_back(r.image);
    auto res = run_process(argv, merged_output());
    if (res.exit_code != 0) throw Error(r.image, "container does not start: " + first_line(res.out));
    return trim(res.out);
  }

  ContainerState state(const std::string& c) override {
    ContainerState s;
    auto r = run_process({cli_, "inspect", "--format", "{{json .State}}", c});
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    if (r.exit_code != 0 || !j.is_object()) return s;
    s.running = j.value("Running", false);
    s.exit_code = j.value("ExitCode", 0);
    s.pid = j.value("Pid", 0);
    if (j.contains("Health") && j["Health"].is_object()) s.health = j["Health"].value("Status", "");
    return s;
  }

  int exec(const std::string& c, const std::vector<std::string>& argv, std::string* out) override {
    std::vector<std::string> full = {cli_, "exec", c};
    full.insert(full.end(), argv.begin(), argv.end());
    auto r = run_process(full, merged_output());
    if (out) *out = r.out;
    return r.exit_code;
  }

  std::optional<ProcessInfo> main_process(const std::string& c) override {
    auto r = run_process({cli_, "top", c, "-o", "pid,uid,comm"});
    if (r.exit_code != 0) return std::nullopt;
    long best_pid = -1;
    ProcessInfo best;
    std::size_t pos = r.out.find('\n');
    while (pos != std::string::npos && pos + 1 < r.out.size()) {
      std::size_t next = r.out.find('\n', pos + 1);
      std::string line = r.out.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
      long p = -1, u = -1;
      char comm[64] = {0};
      if (std::sscanf(line.c_str(), "%ld %ld %63s", &p, &u, comm) == 3 && (best_pid < 0 || p < best_pid)) {
        best_pid = p;
        best = {u, comm};
      }
      pos = next;
    }
    if (best_pid < 0) return std::nullopt;
    return best;
  }

  std::optional<std::uint64_t> memory_usage(const std::string& c) override {
    auto r = run_process({cli_, "stats", "--no-stream", "--format", "{{.MemUsage}}", c});
    if (r.exit_code != 0) return std::nullopt;
    std::string used = r.out.substr(0, r.out.find('/'));
    return parse_size(trim(used));
  }

  std::string logs(const std::string& c, int lines) override {
    return run_process({cli_, "logs", "--tail", std::to_string(lines), c}, merged_output()).out;
  }

  int stop(const std::string& c, int grace_seconds) override {
    run_process({cli_, "stop", "-t", std::to_string(grace_seconds), c});
    return state(c).exit_code;
  }

  void remove_container(const std::string& c) override { run_process({cli_, "rm", "-f", c}); }
  bool is_local() const override { return local_; }

 private:
  std::string cli_;
  std::string server_version_;
  std::vector<std::string> build_prefix_;
  std::vector<std::string> build_env_;
  std::string mode_;
  bool local_ = true;
};

}  // namespace

std::unique_ptr<Engine> make_docker_engine() { return std::make_unique<DockerEngine>(); }

}  // namespace imgslim::builder
