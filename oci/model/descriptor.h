// oci/model/ — the OCI and Docker documents and names: descriptors, manifests, indexes, configs, media
// types, digests, platforms, references, image names, size limits.
// May include: support/.
//
// Content descriptors, manifests, indexes and image configs (parsed JSON).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "oci/model/digest.h"
#include "oci/model/platform.h"

namespace imgslim::oci {

struct Descriptor {
  std::string media_type;
  Digest digest;
  std::int64_t size = -1;  // -1 when unknown (legacy docker-archive layers)
  std::optional<Platform> platform;
  std::map<std::string, std::string> annotations;
  std::vector<std::string> urls;
};

struct Manifest {
  std::string media_type;
  Descriptor config;
  std::vector<Descriptor> layers;
  std::map<std::string, std::string> annotations;
};

struct Index {
  std::string media_type;
  std::vector<Descriptor> manifests;
  std::map<std::string, std::string> annotations;
};

struct HistoryEntry {
  std::string created;
  std::string created_by;
  std::string comment;
  std::string author;
  bool empty_layer = false;
};

struct Healthcheck {
  std::vector<std::string> test;
  std::int64_t interval_ns = 0, timeout_ns = 0, start_period_ns = 0;
  int retries = 0;
};

struct ImageConfig {
  Platform platform;
  std::vector<Digest> diff_ids;
  std::vector<HistoryEntry> history;
  std::string user;
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::vector<std::string> env;
  std::string working_dir;
  std::string stop_signal;
  std::vector<std::string> exposed_ports;
  std::map<std::string, std::string> labels;
  std::optional<Healthcheck> healthcheck;
  std::string created;
};

}  // namespace imgslim::oci
