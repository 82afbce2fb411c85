#include "dockerfiles/rewrite/support.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "dockerfiles/project/files.h"

namespace imgslim::dockerfiles {

ImageName split_image(const std::string& image) {
  ImageName n;
  std::string rest = image;
  if (auto at = rest.find('@'); at != std::string::npos) {
    n.digest = rest.substr(at + 1);
    rest = rest.substr(0, at);
  }
  auto slash = rest.rfind('/');
  auto colon = rest.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    n.tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  for (const char* prefix : {"docker.io/library/", "index.docker.io/library/", "library/"})
    if (rest.starts_with(prefix)) rest = rest.substr(std::string(prefix).size());
  n.repo = rest;
  return n;
}

bool is_node_image(const std::string& image) {
  auto repo = split_image(image).repo;
  return repo == "node" || repo.ends_with("/node");
}

bool is_nginx_image(const std::string& image) {
  auto repo = split_image(image).repo;
  return repo == "nginx" || repo.ends_with("/nginx") || repo.ends_with("nginx-unprivileged");
}

bool is_alpine_image(const std::string& image) {
  auto n = split_image(image);
  return n.repo == "alpine" || n.tag.find("alpine") != std::string::npos;
}

std::string workdir_at(const Dockerfile& df, std::size_t stage, std::size_t pos) {
  const Stage& st = df.stages[stage];
  std::string dir = st.base_stage ? workdir_at(df, *st.base_stage, df.stages[*st.base_stage].instructions.size())
                                  : std::string("/");
  for (std::size_t i = 0; i < pos && i < st.instructions.size(); ++i) {
    if (auto* w = st.instructions[i].as<WorkdirInstr>()) {
      if (w->path.starts_with("/")) dir = w->path;
      else dir = (dir.ends_with("/") ? dir : dir + "/") + w->path;
    }
  }
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

std::string root_image(const Dockerfile& df, std::size_t stage) {
  const Stage* st = &df.stages[stage];
  while (st->base_stage) st = &df.stages[*st->base_stage];
  return st->from.image;
}

std::string root_image_raw(const Dockerfile& df, std::size_t stage) {
  const Stage* st = &df.stages[stage];
  while (st->base_stage) st = &df.stages[*st->base_stage];
  return st->from.image_raw;
}

std::vector<std::string> manifest_copies(const ProjectFacts& f, const std::string& chown) {
  std::string flag = chown.empty() ? "" : "--chown=" + chown + " ";
  std::string line = "COPY " + flag;
  for (const auto& m : f.manifests) line += m + " ";
  std::vector<std::string> out = {line + "./"};
  for (const auto& local : f.local_packages)
    out.push_back("COPY " + flag + local + (local.ends_with("/") ? " ./" + local : " ./"));
  // Workspace package manifests, each into its own folder.
  for (const auto& d : f.workspace_dirs) out.push_back("COPY " + flag + d + "/package.json " + d + "/");
  return out;
}

std::string instruction_text(const Node& node) { return trim_newline(node.text); }

std::size_t keyword_end(const Node& node) {
  std::size_t offset = 0;
  for (const auto& p : node.pieces) {
    offset += p.text.size();
    if (p.kind == PieceKind::Keyword) return offset;
  }
  return node.text.find_first_of(" \t");
}

std::string with_flag(const Node& node, const std::string& flag) {
  std::string text = instruction_text(node);
  auto at = keyword_end(node);
  return text.substr(0, at) + " " + flag + text.substr(at);
}

std::string json_array(const std::vector<std::string>& words) {
  std::string out = "[";
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += ", ";
    out += nlohmann::json(words[i]).dump();
  }
  return out + "]";
}

std::string stage_ref(const Dockerfile& df, std::size_t stage) {
  return df.stages[stage].name.empty() ? std::to_string(stage) : df.stages[stage].name;
}

const Instruction* instruction_at(const RewriteDoc& doc, std::size_t node_index) {
  for (const auto& st : doc.typed.stages)
    for (const auto& in : st.instructions)
      if (in.node_index == node_index) return &in;
  return nullptr;
}

bool is_root_user(const std::string& user) {
  auto name = user.substr(0, user.find(':'));
  return name.empty() || name == "root" || name == "0";
}

}  // namespace imgslim::dockerfiles
