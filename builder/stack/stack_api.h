// builder/stack/ — `imgslim compose --measure`: a Compose stack started with the real engine through
// the Docker Engine API (no compose plugin), observed, measured and torn down.
// May include: builder/, compose/model/, oci/engine/, oci/client/, support/.
//
// The Engine API calls the stack runner needs, typed: images (inspect,
// pull), networks, volumes, containers (create, start, inspect, one-shot
// stats, force removal) and listing by label. Docker Engine and Podman's
// Docker-compatible service answer the same calls. Calls the engine refuses
// throw imgslim::Error with the engine's own message (the caller names the
// service).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "oci/engine/endpoint.h"

namespace imgslim::oci {
class EngineClient;
class HttpStream;
}

namespace imgslim::builder::stack {

struct ImageInfo {
  std::string id;
  std::uint64_t size = 0;  // bytes the engine stores unpacked for the image
  bool has_healthcheck = false;
};

struct ContainerStatus {
  std::string status;      // created, running, restarting, exited, dead
  bool running = false;
  bool oom_killed = false;
  int exit_code = 0;
  int restart_count = 0;
  int pid = 0;             // host pid of its init while running
  std::string health;      // "" (no health check), starting, healthy, unhealthy
  std::string last_probe;  // output of the last health probe
  std::string error;       // State.Error: why the engine could not start it
  // The engine's own clock (seconds since the epoch; 0 = not yet): when the
  // container was created, last started, and when its first passing health
  // probe among those the engine keeps (the last 5) ended.
  double created = 0, started_at = 0, first_healthy_probe = 0;
};

// RFC 3339 with nanoseconds as the engine writes it ("2026-12-07T00:36:25.948220912Z");
// 0 for Go's zero time or anything unreadable.
double engine_time(const std::string& text);

struct StatsSample {
  std::uint64_t memory_usage = 0;  // memory_stats.usage
  std::uint64_t memory_max = 0;    // memory_stats.max_usage (cgroup v1 only; 0 elsewhere)
  double cpu_seconds = 0;          // cpu_stats.cpu_usage.total_usage
};

// One document of the stats API; nullopt when it is not one.
std::optional<StatsSample> parse_stats(const std::string& json_text);

class StackApi {
 public:
  // Connects (throws imgslim::Error naming the address when no engine answers).
  explicit StackApi(oci::EngineKind kind);
  ~StackApi();
  std::string describe() const;  // "Docker engine 20.10.24 at unix:///var/run/docker.sock"
  bool local() const;            // unix socket: containers run on this machine

  std::optional<ImageInfo> image(const std::string& ref) const;
  // GET /images/{ref}/history, oldest step first: what identifies the step
  // (created, created by, bytes) and the bytes of its layer. Empty when the
  // engine gives none.
  struct HistoryStep {
    std::string key;
    std::uint64_t bytes = 0;
  };
  std::vector<HistoryStep> history(const std::string& ref) const;
  // Pulls ref; "" on success, else the engine's reason.
  std::string pull(const std::string& ref) const;

  std::string create_network(const std::string& name, const std::string& driver, bool internal,
                             const std::map<std::string, std::string>& labels) const;
  void connect_network(const std::string& network_id, const std::string& body_json) const;
  void create_volume(const std::string& name, const std::map<std::string, std::string>& labels) const;
  // Returns the container id.
  std::string create_container(const std::string& name, const std::string& body_json) const;
  void start_container(const std::string& id) const;
  std::optional<ContainerStatus> inspect(const std::string& id) const;
  std::optional<StatsSample> stats(const std::string& id) const;
  // GET /containers/{id}/stats streaming: one JSON document per line, about
  // one a second, until the container stops.
  std::unique_ptr<oci::HttpStream> stats_stream(const std::string& id) const;

  // Ids (containers, networks) or names (volumes) carrying label=value.
  std::vector<std::string> containers_labelled(const std::string& label) const;
  std::vector<std::string> networks_labelled(const std::string& label) const;
  std::vector<std::string> volumes_labelled(const std::string& label) const;
  // Force removal with anonymous volumes; false when the engine refused.
  bool remove_container(const std::string& id) const;
  bool remove_network(const std::string& id) const;
  bool remove_volume(const std::string& name) const;

 private:
  std::unique_ptr<oci::EngineClient> client_;
};

}  // namespace imgslim::builder::stack
