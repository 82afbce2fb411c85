// The health check a service's image can run: which URL (or pg_isready) a
// service of its kind answers, and the tool that asks, chosen among what the
// image has on its PATH (busybox or GNU wget, curl, `node -e` with fetch,
// bash's /dev/tcp); without image facts, what the image family ships
// (node and n8n images: node; postgres: pg_isready; nginx: wget on alpine,
// bash on Debian). The audit's hints and `--fix` share it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compose/model/image_facts.h"
#include "compose/model/service.h"

namespace imgslim::compose {

struct HealthProbe {
  std::vector<std::string> test;  // healthcheck.test: ["CMD", ...] or ["CMD-SHELL", "..."]
  std::string tool;               // "node -e with fetch", "busybox wget", "pg_isready", ...
  std::string checks;             // "GET http://127.0.0.1:3001/ answers below 500"
};

// The port a service serves HTTP on inside its container: the first
// `ports:` / `expose:` target, else PORT / N8N_PORT, else its kind's default.
int service_http_port(const Service& s);

// `facts`: the service's image read (path known), else nullptr.
std::optional<HealthProbe> health_probe(const Service& s, const ImageFacts* facts);

// The tools the image has that a probe could use ("busybox wget", "node -e with
// fetch", "pg_isready"...), comma-separated; "" when none.
std::string probe_tools(const ImageFacts& facts);

}  // namespace imgslim::compose
