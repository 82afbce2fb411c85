#include "compose/checks/postgres_config.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "compose/checks/checks.h"
#include "support/rooted_dir.h"

namespace fs = std::filesystem;

namespace imgslim::compose {
namespace {

std::string strip_slash(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

// `path` is `dir` itself or below it.
bool under(const std::string& path, const std::string& dir) {
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/');
}

// The mount whose target holds `path` (the deepest one, as the engine stacks them).
const Mount* mount_of(const Service& s, const std::string& path) {
  const Mount* best = nullptr;
  for (const auto& m : s.mounts) {
    std::string target = strip_slash(m.target);
    if (!target.empty() && under(path, target) && (!best || target.size() > strip_slash(best->target).size())) best = &m;
  }
  return best;
}

// The project file behind a container path, or "" when no bind mount holds it.
std::string host_path(const Service& s, const std::string& path) {
  const Mount* m = mount_of(s, path);
  if (!m || m->type != "bind" || m->source.empty()) return "";
  return m->source + path.substr(strip_slash(m->target).size());
}

std::string canonical(const std::string& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(p, ec);
  return ec ? p : c.string();
}

bool is_conf_mount(const Mount& m) {
  return m.target.size() > 5 && m.target.compare(m.target.size() - 5, 5, ".conf") == 0 &&
         m.target.find("postgresql") != std::string::npos && m.target.find("pg_hba") == std::string::npos &&
         m.target.find("pg_ident") == std::string::npos;
}

}  // namespace

std::string image_pgdata(const std::string& image) {
  std::string ref = image.substr(0, image.find('@'));
  auto slash = ref.rfind('/');
  auto colon = ref.rfind(':');
  std::string tag = colon != std::string::npos && (slash == std::string::npos || colon > slash) ? ref.substr(colon + 1) : "";
  if (tag.rfind("pg", 0) == 0) tag = tag.substr(2);  // pgvector/pgvector:pg18
  std::size_t digits = 0;
  while (digits < tag.size() && std::isdigit(static_cast<unsigned char>(tag[digits]))) ++digits;
  if (digits > 0 && digits < 4) {
    int major = std::stoi(tag.substr(0, digits));
    if (major >= 18) return "/var/lib/postgresql/" + std::to_string(major) + "/docker";
  }
  return "/var/lib/postgresql/data";
}

PgService load_postgres(const AuditContext& ctx, const Service& s) {
  PgService out;
  out.command_at = s.raw->find("command") ? s.at({"command"}) : s.at({});
  PgSettings args;
  read_postgres_args(s.argv(), out.command_at, args);
  auto env = s.environment.find("PGDATA");
  out.pgdata = strip_slash(env != s.environment.end() && !env->second.empty() ? env->second : image_pgdata(s.image));
  const PgSetting* config_arg = args.find("config_file");
  out.config = config_arg ? config_arg->value : out.pgdata + "/postgresql.conf";

  // initdb runs on a data directory without PG_VERSION and refuses one that is
  // not empty; a bind mount inside it is a non-empty directory on the first `up`.
  std::string data_host = host_path(s, out.pgdata);
  std::error_code ec;
  bool initialised = !data_host.empty() && fs::exists(data_host + "/PG_VERSION", ec);
  std::set<const Mount*> reported;
  if (!initialised)
    for (const auto& m : s.mounts) {
      std::string target = strip_slash(m.target);
      if (m.type == "tmpfs" || target == out.pgdata || !under(target, out.pgdata)) continue;
      reported.insert(&m);
      ctx.add("compose-postgres-config-in-data-dir", &s,
              (m.source.empty() ? "a volume" : m.source) + " is mounted at " + m.target + ", inside the data directory " +
                  out.pgdata + (env != s.environment.end() ? " (PGDATA)" : "") +
                  ": on a fresh volume initdb refuses to start (\"directory " + out.pgdata +
                  " exists but is not empty\"); mount the file at /etc/postgresql/postgresql.conf and add "
                  "`-c config_file=/etc/postgresql/postgresql.conf` to the command",
              m.where);
    }

  // The file PostgreSQL opens, followed through the mounts; mounted files are
  // read only inside the project directory (support/rooted_dir.h).
  RootedDir root(ctx.project.dir.empty() ? "." : ctx.project.dir, "project directory");
  std::set<std::string> read;
  const Mount* config_mount = mount_of(s, out.config);
  std::string config_host = host_path(s, out.config);
  auto resolve = [&](const std::string& container_path) { return host_path(s, container_path); };
  if (!config_host.empty()) {
    if (root.is_file(config_host)) {
      read_postgresql_conf(config_host, out.pg, resolve, &read, &root);
    } else if (config_arg || strip_slash(config_mount->target) == out.config) {
      reported.insert(config_mount);
      ctx.add("compose-postgres-config-unreadable", &s,
              "PostgreSQL reads " + out.config + (config_arg ? " (config_file)" : "") + ", which comes from " + config_host +
                  ", not a file here" + (config_arg ? ": PostgreSQL cannot start without it" : "; its settings were not checked"),
              config_arg ? config_arg->where : config_mount->where);
    }
  }
  std::set<std::string> read_canonical;
  for (const auto& f : read) read_canonical.insert(canonical(f));

  for (const auto& m : s.mounts) {
    if (!is_conf_mount(m) || m.type != "bind" || reported.count(&m)) continue;
    if (!root.is_file(m.source)) {
      ctx.add("compose-postgres-config-unreadable", &s,
              "the postgresql.conf mounted at " + m.target + " comes from " + m.source +
                  ", which is not a file here; its settings were not checked (Docker would create an empty directory)",
              m.where);
      continue;
    }
    if (read_canonical.count(canonical(m.source))) continue;
    ctx.add("compose-postgres-config-not-loaded", &s,
            "postgresql.conf is mounted at " + m.target + " but PostgreSQL reads " + out.config +
                (config_arg ? " (config_file)" : " ($PGDATA/postgresql.conf with PGDATA=" + out.pgdata + ")") +
                ", so its settings never apply (the audit uses what PostgreSQL runs with); add `-c config_file=" +
                m.target + "` to the command",
            m.where);
  }
  for (const auto& n : root.notes())
    if (std::find(ctx.report.notes.begin(), ctx.report.notes.end(), n) == ctx.report.notes.end())
      ctx.report.notes.push_back(n);
  for (const auto& [name, setting] : args.all()) out.pg.set(name, setting);
  return out;
}

}  // namespace imgslim::compose
