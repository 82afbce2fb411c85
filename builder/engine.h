// The one interface through which imgslim drives a container engine: build
// an image, inspect it, run a container and look at it, clean up. The Docker
// CLI implementation (docker_engine.h) covers Docker Engine with BuildKit,
// DOCKER_HOST, contexts and buildx builders; buildah or buildctl fit behind
// the same interface.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace imgslim::builder {

struct BuildRequest {
  std::string dockerfile;                     // path
  std::string context;                        // directory
  std::string tag;                            // e.g. imgslim-measure/3fa1c2d4e5f6:original
  std::vector<std::string> build_args;        // "NAME=value"
  std::vector<std::string> secrets;           // BuildKit --secret specs ("id=npmrc,src=.npmrc")
  std::string target;                         // stage name
  std::string platform;                       // "linux/amd64"
  std::string network;                        // none | host | default; empty: engine default
  std::map<std::string, std::string> labels;
  std::string log_path;                       // full build output goes here
  bool no_cache = false;                      // --no-cache: every step runs again
};

struct BuildOutcome {
  bool ok = false;
  double seconds = 0;
  std::string log_tail;  // last lines of the log when !ok
};

struct ImageFacts {
  std::string id;
  std::uint64_t size = 0;         // uncompressed bytes, as the engine reports
  std::size_t layers = 0;
  std::vector<std::string> diff_ids;  // the layers' content digests, in order
  std::string user;               // Config.User ("" = root)
  std::vector<std::string> entrypoint, cmd;
  std::vector<int> exposed_tcp_ports;
  bool has_healthcheck = false;
};

struct RunRequest {
  std::string image;
  std::string name;
  std::string network = "none";   // none | host
  std::map<std::string, std::string> labels;
};

struct ContainerState {
  bool running = false;
  int exit_code = 0;
  int pid = 0;                    // host pid of the container's init (0 when unknown)
  std::string health;             // "", starting, healthy, unhealthy
};

struct ProcessInfo {
  long uid = -1;
  std::string command;  // executable name ("dumb-init", "node", "npm start" shows as "npm")
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string describe() const = 0;  // "docker 20.10.24 (buildkit via DOCKER_BUILDKIT=1)"
  virtual BuildOutcome build(const BuildRequest& request) = 0;
  virtual std::optional<ImageFacts> inspect_image(const std::string& ref) = 0;
  virtual void remove_image(const std::string& ref) = 0;
  // Writes the image as an export archive (`docker save` layout) to path;
  // throws imgslim::Error when the engine cannot.
  virtual void save_image(const std::string& ref, const std::string& path) = 0;
  // Starts a detached container; throws imgslim::Error when it cannot start.
  virtual std::string run(const RunRequest& request) = 0;
  virtual ContainerState state(const std::string& container) = 0;
  // Runs argv in the container; exit status, output in *out when given.
  virtual int exec(const std::string& container, const std::vector<std::string>& argv, std::string* out) = 0;
  // The container's main process (its lowest host pid: PID 1 inside), from
  // the engine's process list.
  virtual std::optional<ProcessInfo> main_process(const std::string& container) = 0;
  // Memory in use, from the engine's stats API.
  virtual std::optional<std::uint64_t> memory_usage(const std::string& container) = 0;
  virtual std::string logs(const std::string& container, int lines) = 0;
  // Stops with the image's stop signal and a grace period; returns the exit code.
  virtual int stop(const std::string& container, int grace_seconds) = 0;
  virtual void remove_container(const std::string& container) = 0;
  // True when containers run on this machine (their pids are ours to enter).
  virtual bool is_local() const = 0;
};

// The Docker CLI engine; throws imgslim::Error("docker", ...) when no engine
// answers or no CLI here can build with BuildKit.
std::unique_ptr<Engine> make_docker_engine();

}  // namespace imgslim::builder
