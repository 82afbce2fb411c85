// The typed view of one merged service that the checks read: resources,
// environment, command, health check, dependencies, restart policy,
// logging, volumes. `raw` keeps the merged tree for locations.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compose/model/project.h"
#include "compose/model/value.h"

namespace imgslim::compose {

struct Ulimit {
  std::optional<std::int64_t> soft;  // -1 = unlimited
  std::optional<std::int64_t> hard;
  Location where;
};

struct Healthcheck {
  bool present = false;
  bool disabled = false;
  std::vector<std::string> test;
  std::optional<double> interval_s, timeout_s, start_period_s;
  std::optional<int> retries;
};

struct Mount {
  std::string type;    // "bind", "volume", "tmpfs"
  std::string source;  // host path (resolved) for binds, volume name otherwise
  std::string target;
  bool read_only = false;
  Location where;
};

struct Service {
  std::string name;
  const Value* raw = nullptr;
  std::string image;
  bool builds = false;

  std::optional<std::uint64_t> mem_limit;        // deploy.resources.limits.memory, else mem_limit
  std::optional<std::uint64_t> mem_reservation;  // deploy.resources.reservations.memory, else mem_reservation
  std::optional<double> cpus;                    // deploy.resources.limits.cpus, else cpus
  std::optional<double> cpus_reservation;
  std::optional<std::int64_t> memswap_limit;     // -1 = unlimited swap
  std::map<std::string, Ulimit> ulimits;

  std::map<std::string, std::string> environment;  // null entries omitted
  std::vector<std::string> entrypoint;             // exec form or split shell form
  std::vector<std::string> command;

  Healthcheck healthcheck;
  std::map<std::string, std::string> depends_on;   // service -> condition
  std::string restart;                             // "no", "always", ...; "" = not set
  std::string logging_driver;                      // "" = daemon default
  std::map<std::string, std::string> logging_options;
  std::vector<Mount> mounts;

  // Locations for findings: the key at the end of `path`, or the closest parent.
  Location at(std::initializer_list<std::string_view> path) const;
  // The environment variable's line, or the environment block, or the service.
  Location env_at(const std::string& key) const;
  // entrypoint + command as one argument list (what the container runs).
  std::vector<std::string> argv() const;
};

// Builds the typed view of every service (in file order). Throws
// imgslim::Error at the value's line for malformed sizes, durations, cpus.
std::vector<Service> read_services(const Project& project);

// Splits a string command as Compose does (command_line.h): the argv.
std::vector<std::string> split_command(const std::string& text);

}  // namespace imgslim::compose
