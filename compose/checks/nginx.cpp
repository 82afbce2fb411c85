// nginx configs mounted into nginx services (or --nginx-conf): gzip for
// text types, caching headers for static assets, proxy timeouts.
#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>

#include "compose/checks/checks.h"
#include "compose/checks/nginx_config.h"
#include "compose/model/units.h"
#include "support/error.h"
#include "support/rooted_dir.h"

namespace fs = std::filesystem;

namespace imgslim::compose {
namespace {

using Chain = std::vector<const NginxDirective*>;  // enclosing blocks, outermost first

const NginxDirective* own(const NginxDirective* block, const std::string& name) {
  if (!block) return nullptr;
  for (const auto& c : block->children)
    if (c.name == name) return &c;
  return nullptr;
}

// The directive as nginx inherits it: the innermost level that sets it.
const NginxDirective* effective(const Chain& chain, const std::vector<NginxDirective>& top, const std::string& name) {
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    if (auto* d = own(*it, name)) return d;
  for (const auto& d : top)
    if (d.name == name) return &d;
  return nullptr;
}

void walk(const std::vector<NginxDirective>& list, Chain& chain,
          const std::function<void(const NginxDirective&, const Chain&)>& visit) {
  for (const auto& d : list) {
    visit(d, chain);
    if (d.block) {
      chain.push_back(&d);
      walk(d.children, chain, visit);
      chain.pop_back();
    }
  }
}

// nginx times: a bare number is seconds; otherwise ms/s/m/h units.
double seconds(const std::string& v) {
  if (!v.empty() && v.find_first_not_of("0123456789") == std::string::npos) return std::stod(v);
  auto s = parse_duration_seconds(v);
  return s ? *s : 60;
}

bool static_location(const NginxDirective& loc) {
  static const std::regex ext(R"(\b(js|css|png|jpe?g|gif|svg|ico|woff2?|ttf|eot|webp|avif|map)\b)", std::regex::icase);
  std::string joined;
  for (const auto& a : loc.args) joined += a + " ";
  if (std::regex_search(joined, ext)) return true;
  for (const char* prefix : {"/assets", "/static", "/_nuxt", "/js/", "/css/", "/img/", "/fonts/"})
    if (joined.find(prefix) != std::string::npos) return true;
  return false;
}

bool caches(const Chain& chain, const NginxDirective& loc, const std::vector<NginxDirective>& top) {
  Chain with = chain;
  with.push_back(&loc);
  if (auto* e = effective(with, top, "expires"); e && !e->args.empty() && e->args[0] != "off" && e->args[0] != "epoch")
    return true;
  for (auto* level : with)
    for (const auto& c : level->children)
      if (c.name == "add_header" && !c.args.empty()) {
        std::string h = c.args[0];
        std::transform(h.begin(), h.end(), h.begin(), [](unsigned char ch) { return std::tolower(ch); });
        if (h == "cache-control") return true;
      }
  return false;
}

struct ConfigFile {
  std::string path;
  Location mounted_at;  // the compose line that mounts it (or the file itself)
};

void check_config(const AuditContext& ctx, const Service* s, const ConfigFile& file, const NginxPathMap& map,
                  RootedDir* root = nullptr) {
  std::vector<NginxDirective> top;
  try {
    top = read_nginx_config(file.path, map, root);
  } catch (const Error& e) {
    ctx.add("compose-nginx-config-unreadable", s, std::string("cannot check nginx config: ") + e.what(), file.mounted_at);
    return;
  }
  Location file_at{file.path, 1, 1};
  const NginxDirective* gzip_on = nullptr;
  const NginxDirective* gzip_types = nullptr;
  const NginxDirective* first_server = nullptr;
  bool any_static_cache = false, any_static_location = false, server_cache = false;
  std::vector<std::pair<const NginxDirective*, Chain>> proxies;
  Chain chain;
  walk(top, chain, [&](const NginxDirective& d, const Chain& c) {
    if (d.name == "gzip" && !d.args.empty() && d.args[0] == "on") gzip_on = gzip_on ? gzip_on : &d;
    if (d.name == "gzip_types") gzip_types = &d;
    if (d.name == "server" && d.block && !first_server) first_server = &d;
    if (d.name == "expires" && !d.args.empty() && d.args[0] != "off" && d.args[0] != "epoch" &&
        (c.empty() || c.back()->name != "location"))
      server_cache = true;
    if (d.name == "location" && d.block && static_location(d)) {
      any_static_location = true;
      if (caches(c, d, top)) any_static_cache = true;
    }
    if (d.name == "proxy_pass" && !c.empty() && c.back()->name == "location") proxies.emplace_back(&d, c);
  });

  if (!gzip_on) {
    ctx.add("compose-nginx-gzip", s,
            "gzip is off (nginx's default): JavaScript, CSS and JSON go out uncompressed; add `gzip on;` and "
            "`gzip_types text/css application/javascript application/json image/svg+xml;`",
            file_at);
  } else if (!gzip_types) {
    ctx.add("compose-nginx-gzip", s,
            "gzip is on but gzip_types is not set, so nginx compresses only text/html; add gzip_types text/css "
            "application/javascript application/json image/svg+xml",
            gzip_on->where);
  } else {
    std::set<std::string> types(gzip_types->args.begin(), gzip_types->args.end());
    if (!types.count("*")) {
      std::string missing;
      for (const char* t : {"text/css", "application/javascript", "application/json"})
        if (!types.count(t) && !(std::string(t) == "application/javascript" && types.count("text/javascript")))
          missing += std::string(missing.empty() ? "" : " ") + t;
      if (!missing.empty())
        ctx.add("compose-nginx-gzip", s, "gzip_types leaves out " + missing + ": those responses go out uncompressed",
                gzip_types->where);
    }
  }

  if (first_server && !any_static_cache && !server_cache)
    ctx.add("compose-nginx-static-cache", s,
            std::string(any_static_location ? "static asset locations send no caching headers"
                                            : "no location serves static assets with caching headers") +
                ": browsers re-download hashed JS/CSS on every visit; add location ~* \\.(js|css|png|svg|woff2)$ "
                "{ expires 1y; add_header Cache-Control \"public, immutable\"; }",
            first_server->where);

  for (const auto& [pass, c] : proxies) {
    const NginxDirective* loc = c.back();
    auto* read = effective(c, top, "proxy_read_timeout");
    auto* connect = effective(c, top, "proxy_connect_timeout");
    auto* send = effective(c, top, "proxy_send_timeout");
    bool websocket = false;
    for (const auto& d : loc->children)
      if (d.name == "proxy_set_header" && d.args.size() >= 1) {
        std::string h = d.args[0];
        std::transform(h.begin(), h.end(), h.begin(), [](unsigned char ch) { return std::tolower(ch); });
        websocket |= h == "upgrade";
      }
    std::string where_text = "location " + (loc->args.empty() ? std::string() : loc->args.back());
    if (websocket && read && !read->args.empty() && seconds(read->args[0]) < 60) {
      ctx.add("compose-nginx-proxy-timeouts", Severity::Warning, s,
              where_text + " proxies WebSockets with proxy_read_timeout " + read->args[0] +
                  ": idle connections (HMR, live updates) drop every " + read->args[0] +
                  "; raise it (e.g. 1h) for the WebSocket location",
              read->where);
    } else if (!read && !connect && !send) {
      ctx.add("compose-nginx-proxy-timeouts", s,
              where_text + " proxies to " + (pass->args.empty() ? "?" : pass->args[0]) +
                  " with nginx's 60 s defaults: a hung upstream holds connections for a minute; set "
                  "proxy_connect_timeout 5s and proxy_read_timeout/proxy_send_timeout to what the API needs",
              pass->where);
    }
  }
}

std::vector<ConfigFile> mounted_configs(const Service& s, RootedDir& root) {
  std::vector<ConfigFile> out;
  bool root_conf = false;
  for (const auto& m : s.mounts)
    if (m.type == "bind" && (m.target == "/etc/nginx/nginx.conf")) root_conf = true;
  for (const auto& m : s.mounts) {
    if (m.type != "bind" || m.target.rfind("/etc/nginx", 0) != 0) continue;
    std::error_code ec;
    const RootedEntry source = root.resolve(m.source);  // inside the project directory only
    if (source.kind == RootedKind::Refused) continue;   // noted in root.notes()
    if (source.kind == RootedKind::File) {
      bool conf = m.target.size() > 5 && m.target.compare(m.target.size() - 5, 5, ".conf") == 0;
      // With a mounted nginx.conf, other files are reached through its includes.
      if (conf && (m.target == "/etc/nginx/nginx.conf" || !root_conf)) out.push_back({m.source, m.where});
    } else if (source.kind == RootedKind::Directory && !root_conf && m.target.find("conf.d") != std::string::npos) {
      std::vector<std::string> files;
      for (const auto& e : fs::directory_iterator(m.source, ec))
        if (e.path().extension() == ".conf" && root.is_file(e.path().string())) files.push_back(e.path().string());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) out.push_back({f, m.where});
    } else if (!fs::exists(m.source, ec)) {
      out.push_back({m.source, m.where});  // reported as unreadable
    }
  }
  return out;
}

NginxPathMap path_map(const Service* s) {
  return [s](const std::string& container_path) -> std::optional<std::string> {
    if (!s) return std::nullopt;
    for (const auto& m : s->mounts) {
      if (m.type != "bind") continue;
      if (container_path == m.target) return m.source;
      if (container_path.rfind(m.target + "/", 0) == 0) return m.source + container_path.substr(m.target.size());
    }
    return std::nullopt;
  };
}

}  // namespace

void check_nginx(const AuditContext& ctx) {
  const Service* first = nullptr;
  for (const auto& s : ctx.services)
    if (is_nginx(s) && !first) first = &s;
  if (!ctx.options.nginx_conf.empty()) {
    if (!fs::is_regular_file(ctx.options.nginx_conf)) throw Error(ctx.options.nginx_conf, "no such file");
    check_config(ctx, first, {ctx.options.nginx_conf, {ctx.options.nginx_conf, 1, 1}}, path_map(first));
    return;
  }
  RootedDir root(ctx.project.dir.empty() ? "." : ctx.project.dir, "project directory");
  for (const auto& s : ctx.services) {
    if (!is_nginx(s)) continue;
    for (const auto& file : mounted_configs(s, root)) check_config(ctx, &s, file, path_map(&s), &root);
  }
  for (const auto& n : root.notes())
    if (std::find(ctx.report.notes.begin(), ctx.report.notes.end(), n) == ctx.report.notes.end())
      ctx.report.notes.push_back(n);
}

}  // namespace imgslim::compose
