// What `compose --measure` creates for one Compose project, read from the
// model the audit loads: per service the image to run (or build), the
// container's name and network attachment, published ports, mounts, its
// dependencies; the project's networks and named volumes. Every name carries
// the run id, so a user's own containers, networks and volumes of the same
// project are never reused nor removed.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "compose/model/project.h"
#include "compose/model/service.h"

namespace imgslim::builder::stack {

struct PortPlan {
  std::string host_ip;   // "" = every address
  int published = 0;     // 0 = the engine picks one
  int target = 0;
  std::string protocol = "tcp";
};

struct NetworkAttachment {
  std::string network;               // key under the top-level `networks:`
  std::vector<std::string> aliases;  // besides the service name
};

struct BuildPlan {
  std::string context, dockerfile, target, network;  // context absolute; dockerfile as the builder takes it
  std::vector<std::string> args;                     // NAME=value
};

struct ServicePlan {
  const compose::Service* service = nullptr;
  std::string name;
  std::string image;            // `image:`, else the name Compose tags a build with
  bool builds = false;
  BuildPlan build;
  std::string pull_policy;      // always, never, missing (default), build
  std::string container_name;   // <project>-<service>-<run id>
  std::string network_mode;     // "", host, none, bridge, container:ID (service:X resolved)
  std::vector<NetworkAttachment> networks;
  std::vector<PortPlan> ports;
};

struct NetworkPlan {
  std::string key, name, driver;
  bool external = false, internal = false;
};

struct VolumePlan {
  std::string key, name;
  bool external = false;
};

struct StackPlan {
  std::string project, run_id;
  std::map<std::string, std::string> labels;  // on everything created
  std::vector<ServicePlan> services;          // file order
  std::vector<NetworkPlan> networks;          // only those a service uses
  std::vector<VolumePlan> volumes;

  const ServicePlan* find(const std::string& name) const;
  const NetworkPlan* network(const std::string& key) const;
  const VolumePlan* volume(const std::string& key) const;
};

// The labels of a run: org.imgslim.measure.project and org.imgslim.measure.run.
inline constexpr const char* kProjectLabel = "org.imgslim.measure.project";
inline constexpr const char* kRunLabel = "org.imgslim.measure.run";
inline constexpr const char* kServiceLabel = "org.imgslim.measure.service";

// Throws imgslim::Error naming the service (and its line) for what cannot be
// run: no image and no build, an undeclared named volume or network, a
// malformed or ranged port, `network_mode: service:X` of an unknown service.
StackPlan plan_stack(const compose::Project& project, const std::vector<compose::Service>& services,
                     const std::string& run_id);

}  // namespace imgslim::builder::stack
