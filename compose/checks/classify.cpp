// What kind of program a service runs, from its image name, service name,
// command and environment (build-only services have no image name).
#include <algorithm>
#include <string>

#include "compose/checks/checks.h"

namespace imgslim::compose {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// "docker.n8n.io/n8nio/n8n:1.64@sha256:..." -> "n8n"
std::string image_base(const std::string& image) {
  std::string s = image;
  if (auto at = s.find('@'); at != std::string::npos) s = s.substr(0, at);
  if (auto slash = s.rfind('/'); slash != std::string::npos) s = s.substr(slash + 1);
  if (auto colon = s.find(':'); colon != std::string::npos) s = s.substr(0, colon);
  return lower(s);
}

bool contains(const std::string& haystack, const char* needle) { return haystack.find(needle) != std::string::npos; }

std::string program(const Service& s) {
  for (const auto& a : s.argv()) {
    std::string base = a.substr(a.rfind('/') == std::string::npos ? 0 : a.rfind('/') + 1);
    if (base == "dumb-init" || base == "tini" || base == "--" || base == "exec" || base == "docker-entrypoint.sh")
      continue;
    return lower(base);
  }
  return "";
}

}  // namespace

bool is_postgres(const Service& s) {
  std::string base = image_base(s.image);
  if (contains(base, "postgres") || contains(base, "postgis") || contains(base, "timescale") ||
      contains(base, "pgvector"))
    return true;
  if (program(s) == "postgres") return true;
  if (!s.image.empty() && !contains(lower(s.name), "postgres")) return false;
  for (const char* key : {"POSTGRES_PASSWORD", "POSTGRES_USER", "POSTGRES_DB", "POSTGRES_INITDB_ARGS", "PGDATA"})
    if (s.environment.count(key)) return true;
  return contains(lower(s.name), "postgres");
}

bool is_n8n(const Service& s) {
  if (image_base(s.image) == "n8n" || contains(lower(s.name), "n8n") || program(s) == "n8n") return true;
  return std::any_of(s.environment.begin(), s.environment.end(),
                     [](const auto& kv) { return kv.first.rfind("N8N_", 0) == 0; });
}

N8nRole n8n_role(const Service& s) {
  if (!is_n8n(s)) return N8nRole::None;
  std::string image = lower(s.image);
  if ((image_base(image) == "runners" && contains(image, "n8n")) || s.environment.count("N8N_RUNNERS_TASK_BROKER_URI"))
    return N8nRole::Runner;
  // The image's entrypoint runs `n8n "$@"`: `command: worker` and `command: n8n worker` alike.
  for (const auto& a : s.argv()) {
    std::string base = lower(a.substr(a.rfind('/') == std::string::npos ? 0 : a.rfind('/') + 1));
    if (base == "tini" || base == "--" || base == "docker-entrypoint.sh" || base == "n8n" || base == "exec") continue;
    if (base == "worker") return N8nRole::Worker;
    if (base == "webhook") return N8nRole::Webhook;
    break;
  }
  return N8nRole::Main;
}

bool n8n_queue_mode(const Service& s) {
  N8nRole role = n8n_role(s);
  if (role == N8nRole::Worker || role == N8nRole::Webhook) return true;
  auto it = s.environment.find("EXECUTIONS_MODE");
  return it != s.environment.end() && it->second == "queue";
}

bool is_node(const Service& s) {
  std::string base = image_base(s.image);
  if (base == "node" || base.rfind("node-", 0) == 0) return true;
  std::string prog = program(s);
  for (const char* p : {"node", "nodejs", "npm", "npx", "yarn", "pnpm", "nodemon", "tsx", "ts-node", "pm2", "pm2-runtime"})
    if (prog == p) return true;
  return s.environment.count("NODE_OPTIONS") > 0 || is_n8n(s);
}

bool is_nginx(const Service& s) {
  std::string base = image_base(s.image);
  return contains(base, "nginx") || base == "openresty" || program(s) == "nginx" ||
         (s.image.empty() && contains(lower(s.name), "nginx"));
}

bool is_database(const Service& s) {
  if (is_postgres(s)) return true;
  std::string base = image_base(s.image);
  std::string name = lower(s.name);
  for (const char* db : {"mysql", "mariadb", "mongo", "redis", "valkey", "keydb", "elasticsearch", "opensearch",
                         "clickhouse", "cockroach", "couchdb", "cassandra"})
    if (contains(base, db) || (s.image.empty() && contains(name, db))) return true;
  return false;
}

}  // namespace imgslim::compose
