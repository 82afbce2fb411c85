#include "dockerfiles/instructions/instruction_json.h"

#include <nlohmann/json.hpp>

namespace imgslim::dockerfiles {

namespace {

using nlohmann::json;

json position_json(const Position& p) { return {{"line", p.line}, {"column", p.column}, {"offset", p.offset}}; }

json command_json(const CommandLine& c) {
  json j{{"form", c.json ? "exec" : "shell"}, {"args", c.args}};
  if (!c.heredocs.empty()) {
    j["heredocs"] = json::array();
    for (const Heredoc& h : c.heredocs)
      j["heredocs"].push_back({{"name", h.name}, {"expand", h.expand}, {"chomp", h.chomp},
                               {"fd", h.file_descriptor}, {"content", h.content}});
  }
  return j;
}

json kv_json(const std::vector<KeyValue>& kvs) {
  json a = json::array();
  for (const KeyValue& kv : kvs)
    a.push_back({{"key", kv.key}, {"value", kv.value}, {"raw_value", kv.raw_value}, {"legacy", kv.legacy}});
  return a;
}

struct DetailJson {
  json& j;
  void operator()(const FromInstr& f) {
    j["image"] = f.image;
    j["image_raw"] = f.image_raw;
    if (!f.stage_name.empty()) j["stage_name"] = f.stage_name;
    if (!f.platform.empty()) j["platform"] = f.platform;
  }
  void operator()(const RunInstr& r) {
    j["command"] = command_json(r.command);
    json mounts = json::array();
    for (const Mount& m : r.mounts) {
      json mj{{"type", m.type}, {"target", m.target}, {"read_only", m.read_only}};
      if (!m.source.empty()) mj["source"] = m.source;
      if (!m.from.empty()) mj["from"] = m.from;
      if (!m.id.empty()) mj["id"] = m.id;
      if (!m.sharing.empty()) mj["sharing"] = m.sharing;
      if (!m.mode.empty()) mj["mode"] = m.mode;
      if (m.uid) mj["uid"] = *m.uid;
      if (m.gid) mj["gid"] = *m.gid;
      if (m.required) mj["required"] = true;
      if (!m.env.empty()) mj["env"] = m.env;
      if (m.size_bytes) mj["size_bytes"] = *m.size_bytes;
      mounts.push_back(mj);
    }
    j["mounts"] = mounts;
    if (!r.network.empty()) j["network"] = r.network;
    if (!r.security.empty()) j["security"] = r.security;
    if (!r.devices.empty()) j["devices"] = r.devices;
  }
  void operator()(const CopyInstr& c) {
    j["sources"] = c.sources;
    j["dest"] = c.dest;
    j["form"] = c.json ? "exec" : "shell";
    if (!c.from.empty()) j["from"] = c.from;
    if (c.from_stage) j["from_stage"] = *c.from_stage;
    if (!c.chown.empty()) j["chown"] = c.chown;
    if (!c.chmod.empty()) j["chmod"] = c.chmod;
    if (c.link) j["link"] = true;
    if (c.parents) j["parents"] = true;
    if (!c.excludes.empty()) j["excludes"] = c.excludes;
    if (!c.checksum.empty()) j["checksum"] = c.checksum;
    if (c.keep_git_dir) j["keep_git_dir"] = true;
    if (c.unpack) j["unpack"] = true;
    if (!c.heredocs.empty()) {
      CommandLine tmp;
      tmp.heredocs = c.heredocs;
      j["heredocs"] = command_json(tmp)["heredocs"];
    }
  }
  void operator()(const EnvInstr& e) { j["vars"] = kv_json(e.vars); }
  void operator()(const LabelInstr& l) { j["labels"] = kv_json(l.labels); }
  void operator()(const ArgInstr& a) {
    json args = json::array();
    for (const ArgDecl& d : a.args) {
      json dj{{"key", d.key}};
      dj["value"] = d.value ? json(*d.value) : json(nullptr);
      args.push_back(dj);
    }
    j["args"] = args;
  }
  void operator()(const CmdInstr& c) { j["command"] = command_json(c.command); }
  void operator()(const EntrypointInstr& c) { j["command"] = command_json(c.command); }
  void operator()(const ShellInstr& s) { j["shell"] = s.shell; }
  void operator()(const WorkdirInstr& w) { j["path"] = w.path; }
  void operator()(const UserInstr& u) { j["user"] = u.user; }
  void operator()(const ExposeInstr& e) {
    json ports = json::array();
    for (const ExposePort& p : e.ports) ports.push_back({{"port", p.port}, {"protocol", p.protocol}});
    j["ports"] = ports;
  }
  void operator()(const VolumeInstr& v) { j["paths"] = v.paths; }
  void operator()(const StopSignalInstr& s) { j["signal"] = s.signal; }
  void operator()(const HealthcheckInstr& h) {
    j["none"] = h.none;
    if (!h.none) {
      j["test"] = command_json(h.test);
      for (auto [k, v] : {std::pair{"interval", &h.interval}, {"timeout", &h.timeout},
                          {"start_period", &h.start_period}, {"start_interval", &h.start_interval}})
        if (!v->empty()) j[k] = *v;
      if (h.retries) j["retries"] = *h.retries;
    }
  }
  void operator()(const OnbuildInstr& o) {
    j["trigger"] = o.trigger;
    j["trigger_keyword"] = o.trigger_keyword;
  }
  void operator()(const MaintainerInstr& m) { j["name"] = m.name; }
};

json instruction_json(const Instruction& ins) {
  json j{{"keyword", ins.keyword},
         {"start", position_json(ins.keyword_at)},
         {"end", position_json(ins.span.end)},
         {"node", ins.node_index}};
  if (!ins.flags.empty()) j["flags"] = ins.flags;
  std::visit(DetailJson{j}, ins.detail);
  return j;
}

}  // namespace

nlohmann::json to_json(const Tree& tree, const Dockerfile& df) {
  json j;
  j["file"] = tree.name;
  j["escape"] = std::string(1, tree.escape);
  json directives = json::object();
  for (const Node& n : tree.nodes)
    if (n.kind == NodeKind::Directive) directives[n.directive_name] = n.directive_value;
  j["directives"] = directives;
  json meta = json::array();
  for (const Instruction& a : df.meta_args) meta.push_back(instruction_json(a));
  j["meta_args"] = meta;
  json stages = json::array();
  for (const Stage& s : df.stages) {
    json sj{{"index", s.index}, {"base", s.from.image}};
    sj["name"] = s.name.empty() ? json(nullptr) : json(s.name);
    sj["base_stage"] = s.base_stage ? json(*s.base_stage) : json(nullptr);
    if (!s.from.platform.empty()) sj["platform"] = s.from.platform;
    json ins = json::array();
    for (const Instruction& i : s.instructions) ins.push_back(instruction_json(i));
    sj["instructions"] = ins;
    sj["env"] = s.env;
    stages.push_back(sj);
  }
  j["stages"] = stages;
  return j;
}

}  // namespace imgslim::dockerfiles
