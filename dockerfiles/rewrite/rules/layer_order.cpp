// layer-order: the package manifests and lockfile are copied before the
// sources, so the dependency install layer is reused until they change.
#include <algorithm>

#include "dockerfiles/rewrite/commands.h"
#include "dockerfiles/rewrite/rules/rules.h"
#include "dockerfiles/rewrite/support.h"

namespace imgslim::dockerfiles {

namespace {

bool is_manifest(const std::string& src, const ProjectFacts& f) {
  std::string plain = src;
  while (plain.starts_with("./")) plain = plain.substr(2);
  for (const auto& local : f.local_packages)
    if (plain == local || plain + "/" == local || plain.starts_with(local)) return true;
  std::string name = src.substr(src.rfind('/') == std::string::npos ? 0 : src.rfind('/') + 1);
  while (name.ends_with("*")) name.pop_back();  // "yarn.lock*": the file when the project has it
  return name.starts_with("package") || name == "yarn.lock" || name == "pnpm-lock.yaml" ||
         name == "pnpm-workspace.yaml" || name == "npm-shrinkwrap.json" || name == ".npmrc" ||
         name == ".yarnrc" || name == ".yarnrc.yml" || name == ".yarn" || name == "tsconfig.json";
}

// A COPY from the build context that brings more than manifests.
bool is_source_copy(const Instruction& in, const ProjectFacts& f) {
  auto* c = in.as<CopyInstr>();
  if (!c || !c->from.empty() || !c->heredocs.empty()) return false;
  return std::any_of(c->sources.begin(), c->sources.end(), [&](auto& s) { return !is_manifest(s, f); });
}

bool copies_manifests(const Instruction& in) {
  auto* c = in.as<CopyInstr>();
  if (!c || !c->from.empty()) return false;
  return std::any_of(c->sources.begin(), c->sources.end(), [](auto& s) {
    return s.find("package") != std::string::npos && s.find(".json") != std::string::npos;
  });
}

}  // namespace

void rule_layer_order(RewriteDoc& doc, const RuleContext& ctx) {
  if (!ctx.facts.is_node()) return;
  for (size_t s = 0; s < doc.typed.stages.size(); ++s) {
    const Stage& st = doc.typed.stages[s];
    std::optional<size_t> install;
    for (size_t i = 1; i < st.instructions.size() && !install; ++i)
      if (auto* run = st.instructions[i].as<RunInstr>(); run && analyze_run(run->command.joined()).deps_install)
        install = i;
    if (!install) continue;
    auto a = analyze_run(st.instructions[*install].as<RunInstr>()->command.joined());
    // Source copies before the install, after the last manifest copy.
    std::vector<size_t> moves;
    bool manifests_first = false;
    for (size_t i = 1; i < *install; ++i) {
      if (is_source_copy(st.instructions[i], ctx.facts)) moves.push_back(i);
      else if (copies_manifests(st.instructions[i]) && moves.empty()) manifests_first = true;
    }
    if (moves.empty()) continue;
    if (a.build) {
      ctx.leave("layer-order", "`" + st.instructions[*install].as<RunInstr>()->command.joined() +
                                   "` installs and builds in one step; split it into two RUNs to let the install "
                                   "layer be cached");
      continue;
    }
    // Steps between the first source copy and the install must not need the sources.
    bool safe = true;
    for (size_t i = moves.front() + 1; i < *install; ++i) {
      const auto& in = st.instructions[i];
      if (auto* run = in.as<RunInstr>()) {
        auto r = analyze_run(run->command.joined());
        if (r.role != RunRole::SystemPackages && !r.npm_global) safe = false;
      }
    }
    if (!safe) {
      ctx.leave("layer-order", "steps between the source copy and the install may use the sources, so the order is kept");
      continue;
    }
    // Move the source copies (with their comments) after the install; put the
    // manifests before it.
    const size_t install_node = st.instructions[*install].node_index;
    std::vector<Node> moved;
    std::vector<size_t> remove;
    std::string chown;
    for (size_t i : moves) {
      size_t node = st.instructions[i].node_index;
      if (chown.empty()) chown = st.instructions[i].as<CopyInstr>()->chown;
      for (size_t n = doc.block_begin(node); n <= node; ++n) {
        moved.push_back(doc.tree.nodes[n]);
        remove.push_back(n);
      }
    }
    std::vector<Node> manifests;
    if (!manifests_first)
      for (const auto& line : manifest_copies(ctx.facts, chown)) manifests.push_back(doc.make(line));
    std::vector<Node> out;
    for (size_t n = 0; n < doc.tree.nodes.size(); ++n) {
      if (n == doc.block_begin(install_node)) out.insert(out.end(), manifests.begin(), manifests.end());
      if (std::find(remove.begin(), remove.end(), n) == remove.end()) out.push_back(doc.tree.nodes[n]);
      if (n == install_node) out.insert(out.end(), moved.begin(), moved.end());
    }
    doc.tree.nodes = std::move(out);
    doc.reparse();
    ctx.change("layer-order", "stage " + stage_ref(doc.typed, s) + ": " +
                                  (manifests_first ? "" : "package manifests and lockfile copied first; ") +
                                  "sources copied after the dependency install, so it stays cached until the lockfile changes");
  }
}

}  // namespace imgslim::dockerfiles
