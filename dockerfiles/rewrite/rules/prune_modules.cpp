// prune-modules: the stage whose node_modules the runtime copies deletes,
// as its last step, what no running app reads (prune_modules_script.cpp).
// Deleting them in the runtime stage would save nothing: they would stay in
// the layer that copied them.
#include <algorithm>
#include <map>

#include "dockerfiles/rewrite/rules/rules.h"
#include "dockerfiles/rewrite/support.h"

namespace imgslim::dockerfiles {

namespace {

const char* const kScriptPath = "/tmp/prune-modules.js";

std::string without_trailing_slash(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

bool names_node_modules(const std::string& source) {
  const std::string p = without_trailing_slash(source);
  return p == "node_modules" || p.ends_with("/node_modules");
}

bool has_prune_step(const Stage& st) {
  for (const auto& in : st.instructions)
    if (auto* run = in.as<RunInstr>(); run && run->command.joined().find(kScriptPath) != std::string::npos) return true;
  return false;
}

}  // namespace

std::string prune_modules_run(const std::vector<std::string>& dirs, char escape) {
  std::string out = "RUN printf '%s\\n' ";
  out += escape;
  out += "\n";
  for (const auto& l : prune_modules_script()) {
    out += "        '" + l + "' ";
    out += escape;
    out += "\n";
  }
  out += "        > " + std::string(kScriptPath) + " ";
  out += escape;
  out += "\n    && node " + std::string(kScriptPath);
  for (const auto& d : dirs) out += " " + d;
  out += " ";
  out += escape;
  out += "\n    && rm " + std::string(kScriptPath);
  return out;
}

void rule_prune_modules(RewriteDoc& doc, const RuleContext& ctx) {
  const Dockerfile& df = doc.typed;
  if (df.stages.size() < 2) return;
  const size_t fin = df.stages.size() - 1;
  // Stage index -> the node_modules folders the runtime copies from it.
  std::map<size_t, std::vector<std::string>> copied;
  for (const auto& in : df.stages[fin].instructions) {
    auto* c = in.as<CopyInstr>();
    if (!c || !c->from_stage || *c->from_stage == fin) continue;
    for (const auto& src : c->sources) {
      if (!names_node_modules(src)) continue;
      std::string abs = without_trailing_slash(src.starts_with("/") ? src : "/" + src);
      auto& dirs = copied[*c->from_stage];
      if (std::find(dirs.begin(), dirs.end(), abs) == dirs.end()) dirs.push_back(abs);
    }
  }
  // From the last stage to the first, so node indexes stay valid.
  for (auto it = copied.rbegin(); it != copied.rend(); ++it) {
    const Stage& st = df.stages[it->first];
    if (has_prune_step(st)) continue;
    if (!is_node_image(root_image(df, it->first))) {
      ctx.note("prune-modules: the stage \"" + stage_ref(df, it->first) +
               "\" does not start from a node image, so node_modules is copied unpruned");
      continue;
    }
    std::string dirs;
    for (const auto& d : it->second) dirs += (dirs.empty() ? "" : ", ") + d;
    const size_t after = st.instructions.back().node_index + 1;
    doc.insert(after, {doc.make(prune_modules_run(it->second, doc.tree.escape))});
    ctx.change("prune-modules", "the \"" + stage_ref(df, it->first) + "\" stage deletes Markdown, changelogs, source maps, "
               "TypeScript sources, .d.ts files and test/example folders from " + dirs +
               " before the runtime copies it (package.json, LICENSE*/NOTICE* and every file a package's "
               "main/exports/bin can load stay); --skip prune-modules keeps them");
  }
  doc.reparse();
}

}  // namespace imgslim::dockerfiles
