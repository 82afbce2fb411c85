#include "dockerfiles/emit/emit.h"

#include <nlohmann/json.hpp>

#include "dockerfiles/emit/diff.h"

namespace imgslim::dockerfiles {

std::string emit_diff(const RewriteResult& r, const EmitPaths& p) {
  std::string out = unified_diff(r.original, r.dockerfile, "a/" + p.dockerfile, "b/" + p.dockerfile);
  if (r.dockerignore_changed())
    out += unified_diff(r.dockerignore_before.value_or(""), r.dockerignore_after,
                        r.dockerignore_before ? "a/" + p.dockerignore : "/dev/null", "b/" + p.dockerignore);
  return out;
}

std::string emit_explain(const RewriteResult& r) {
  std::string out;
  size_t width = 0;
  for (const auto& c : r.changes) width = std::max(width, c.rule.size());
  for (const auto& c : r.changes) out += c.rule + std::string(width - c.rule.size() + 2, ' ') + c.message + "\n";
  for (const auto& l : r.left) out += "left " + l.rule + ": " + l.reason + "\n";
  for (const auto& n : r.notes) out += "note: " + n + "\n";
  return out;
}

std::string emit_no_changes(const RewriteResult&, const EmitPaths& p) {
  return "no changes: " + p.dockerfile + " already follows every enabled rule\n";
}

std::string emit_json(const RewriteResult& r, const EmitPaths& p) {
  using nlohmann::json;
  json changes = json::array();
  for (const auto& c : r.changes) changes.push_back({{"rule", c.rule}, {"message", c.message}});
  json left = json::array();
  for (const auto& l : r.left) left.push_back({{"rule", l.rule}, {"reason", l.reason}, {"line", l.line}});
  const auto& f = r.facts;
  json facts = {
      {"node_evidence", f.node_evidence},
      {"start_workspace", f.start_workspace},
      {"kind", to_string(f.kind)},
      {"package_manager", f.is_node() ? json(to_string(f.package_manager)) : json(nullptr)},
      {"lockfile", f.lockfile},
      {"build_script", f.build_script},
      {"output_dir", f.output_dir},
      {"start_command", f.start_command},
      {"native_modules", f.native_modules},
      {"ports", f.ports},
      {"health_path", f.health_path},
      {"node_version", f.node_version},
      {"frontend_tool", f.frontend_tool},
      {"nginx_conf", f.nginx_conf},
  };
  json doc = {
      {"schema_version", 1},
      {"dockerfile", p.dockerfile},
      {"changed", r.changed()},
      {"diff", emit_diff(r, p)},
      {"rewritten", r.dockerfile},
      {"dockerignore",
       {{"path", p.dockerignore}, {"changed", r.dockerignore_changed()}, {"content", r.dockerignore_after}}},
      {"changes", changes},
      {"notes", r.notes},
      {"left", left},
      {"facts", facts},
  };
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace imgslim::dockerfiles
