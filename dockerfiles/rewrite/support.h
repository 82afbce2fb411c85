// Helpers the rewrite rules share: image names, working directories,
// the install command for each package manager, flag insertion into an
// instruction's text, exec-form JSON arrays.
#pragma once
#include <string>
#include <vector>

#include "dockerfiles/rewrite/doc.h"

namespace imgslim::dockerfiles {

struct ImageName {
  std::string repo;    // "node", "docker.io/library/node" -> "node"
  std::string tag;     // "20-slim", "" when absent
  std::string digest;  // "sha256:...", "" when absent
};
ImageName split_image(const std::string& image);
bool is_node_image(const std::string& image);
bool is_nginx_image(const std::string& image);
bool is_alpine_image(const std::string& image);

// The WORKDIR in force before instruction `pos` of a stage ("/" when none),
// following base stages.
std::string workdir_at(const Dockerfile& df, std::size_t stage, std::size_t pos);
// The image a stage finally builds on (following FROM <stage>).
std::string root_image(const Dockerfile& df, std::size_t stage);
std::string root_image_raw(const Dockerfile& df, std::size_t stage);

// "COPY package.json package-lock.json ./" (+ workspace manifests).
std::vector<std::string> manifest_copies(const ProjectFacts& facts, const std::string& chown = "");

// Instruction text of a node without its final newline.
std::string instruction_text(const Node& node);
// The node text with `flag` inserted right after the keyword (" --mount=...").
std::string with_flag(const Node& node, const std::string& flag);
// Byte offset in node.text just past the keyword.
std::size_t keyword_end(const Node& node);

std::string json_array(const std::vector<std::string>& words);
// Word of a stage for --from: its name, else its index.
std::string stage_ref(const Dockerfile& df, std::size_t stage);

// Index in the stage's instructions of the typed instruction at a node, or npos.
const Instruction* instruction_at(const RewriteDoc& doc, std::size_t node_index);

bool is_root_user(const std::string& user);

}  // namespace imgslim::dockerfiles
