// prod-deps: installs follow the lockfile exactly (npm ci, --frozen-lockfile,
// --immutable), and the runtime gets production dependencies only: from a
// production install stage when it copies node_modules from a build stage,
// or by a production install when the single stage has no build step.
// Also NODE_ENV=production in a node runtime.
#include <algorithm>

#include "dockerfiles/lint/dev_installs.h"
#include "dockerfiles/rewrite/commands.h"
#include "dockerfiles/rewrite/rules/rules.h"
#include "dockerfiles/rewrite/support.h"
#include "dockerfiles/rewrite/text_edits.h"

namespace imgslim::dockerfiles {

namespace {

const char* kStage = "prod-deps";

void follow_lockfile(RewriteDoc& doc, const RuleContext& ctx) {
  const auto& f = ctx.facts;
  if (!f.has_lockfile()) return;
  for (const auto& st : doc.typed.stages)
    for (const auto& in : st.instructions) {
      auto* run = in.as<RunInstr>();
      if (!run || run->command.json) continue;
      auto a = analyze_run(run->command.joined());
      if (!a.deps_install) continue;
      std::string text = instruction_text(doc.tree.nodes[in.node_index]);
      std::string what;
      if (a.node_tool == "npm" && a.npm_install && f.package_manager == PackageManager::Npm) {
        if (replace_first(text, R"(\bnpm([ \t]+)(?:install|i)\b(?=[ \t]*($|&&|;|\||-|\\|`)))", "npm$1ci"))
          what = "`npm install` → `npm ci`: installs exactly what " + f.lockfile + " pins";
      } else if (a.node_tool == "yarn" && text.find("--frozen-lockfile") == std::string::npos &&
                 text.find("--immutable") == std::string::npos && text.find("workspaces focus") == std::string::npos) {
        std::string flag = f.package_manager == PackageManager::YarnBerry ? "--immutable" : "--frozen-lockfile";
        if (replace_first(text, R"(\byarn[ \t]+install\b)", "yarn install " + flag) ||
            replace_first(text, R"(\byarn\b(?=[ \t]*($|&&|;|\\|`)))", "yarn install " + flag))
          what = "yarn install " + flag + ": fails instead of changing yarn.lock";
      } else if (a.node_tool == "pnpm" && text.find("--frozen-lockfile") == std::string::npos) {
        if (replace_first(text, R"(\bpnpm[ \t]+(?:install|i)\b)", "pnpm install --frozen-lockfile"))
          what = "pnpm install --frozen-lockfile: fails instead of changing pnpm-lock.yaml";
      }
      if (!what.empty()) {
        doc.replace_text(in.node_index, text);
        ctx.change("prod-deps", what);
      }
    }
  doc.reparse();
}

// The production variant of an install command in a RUN's text.
// The production variant of an install command in a RUN's text. Yarn 2+ has no --production flag: `yarn workspaces focus --all --production`.
bool make_production(std::string& text, const std::string& tool, const ProjectFacts& f) {
  if (tool == "npm")
    return replace_first(text, R"(\bnpm([ \t]+)(ci|install|i)\b)", "npm$1$2 --omit=dev");
  if (tool == "yarn" && f.package_manager == PackageManager::YarnBerry)
    return replace_first(text, R"(\byarn(?:[ \t]+install)?(?:[ \t]+--immutable)?(?=[ \t]*($|&&|;|\\|`)))",
                         "yarn workspaces focus --all --production");
  if (tool == "yarn")
    return replace_first(text, R"(\byarn[ \t]+install\b( --frozen-lockfile| --immutable)?)", "yarn install$1 --production");
  if (tool == "pnpm")
    return replace_first(text, R"(\bpnpm[ \t]+(install|i)\b)",
                         "pnpm install --prod");
  return false;
}

std::optional<size_t> install_in(const Stage& st) {
  for (size_t i = 1; i < st.instructions.size(); ++i)
    if (auto* run = st.instructions[i].as<RunInstr>(); run && analyze_run(run->command.joined()).deps_install)
      return i;
  return std::nullopt;
}

// Follows FROM <stage> to the stage that installs dependencies.
std::optional<size_t> installing_stage(const Dockerfile& df, size_t s) {
  for (std::optional<size_t> cur = s; cur; cur = df.stages[*cur].base_stage)
    if (install_in(df.stages[*cur])) return cur;
  return std::nullopt;
}

void add_prod_stage(RewriteDoc& doc, const RuleContext& ctx, size_t copy_node, size_t from_stage,
                    const std::string& from_word) {
  const auto& df = doc.typed;
  auto src = installing_stage(df, from_stage);
  if (!src) return;
  const Stage& st = df.stages[*src];
  size_t install = *install_in(st);
  auto a = analyze_run(st.instructions[install].as<RunInstr>()->command.joined());
  if (a.production) return;
  if (df.find_stage(kStage)) {
    ctx.note("prod-deps: a stage named prod-deps exists already; node_modules source kept");
    return;
  }
  std::vector<std::string> lines;
  std::string from = "FROM ";
  for (const auto& flag : st.instructions[0].flags) from += flag + " ";
  from += st.base_stage ? stage_ref(df, *st.base_stage) : st.from.image_raw;
  lines.push_back(from + " AS " + kStage);
  bool manifests = false;
  for (size_t i = 1; i < install; ++i) {
    const auto& in = st.instructions[i];
    const std::string text = instruction_text(doc.tree.nodes[in.node_index]);
    if (auto* c = in.as<CopyInstr>()) {
      bool broad = std::any_of(c->sources.begin(), c->sources.end(), [](auto& s) {
        return s == "." || s == "./" || s == "*";
      });
      if (broad || !c->from.empty()) continue;
      manifests = true;
    } else if (auto* run = in.as<RunInstr>()) {
      auto r = analyze_run(run->command.joined());
      if (r.build || r.test) continue;
    } else if (in.keyword != "ARG" && in.keyword != "ENV" && in.keyword != "WORKDIR" && in.keyword != "SHELL" &&
               in.keyword != "USER") {
      continue;
    }
    lines.push_back(text);
  }
  if (!manifests)
    for (const auto& l : manifest_copies(ctx.facts)) lines.push_back(l);
  // The install as the user wrote it (flags, mounts), made production-only.
  std::string install_text = instruction_text(doc.tree.nodes[st.instructions[install].node_index]);
  if (!make_production(install_text, a.node_tool, ctx.facts)) install_text = "RUN " + install_command(ctx.facts, true);
  lines.push_back(install_text);

  std::string copy = instruction_text(doc.tree.nodes[copy_node]);
  const std::string old_from = "--from=" + from_word;
  auto pos = copy.find(old_from);
  if (pos == std::string::npos) return;
  copy.replace(pos, old_from.size(), std::string("--from=") + kStage);
  // Workspaces: every package's own node_modules (nested versions, pnpm's
  // per-package links to its store and to sibling packages) sits beside its
  // package.json, so the runtime takes the whole production-install folder.
  if (!ctx.facts.workspaces.empty()) {
    auto* c = instruction_at(doc, copy_node) ? instruction_at(doc, copy_node)->as<CopyInstr>() : nullptr;
    if (c && c->sources.size() == 1 && c->sources[0].ends_with("/node_modules")) {
      const std::string src = c->sources[0], dst = c->dest;
      const std::string src_dir = src.substr(0, src.size() - std::string("/node_modules").size());
      std::string dst_dir = dst;
      if (dst_dir.ends_with("node_modules")) dst_dir = dst_dir.substr(0, dst_dir.size() - std::string("node_modules").size());
      if (dst_dir.empty()) dst_dir = "./";
      if (auto at = copy.rfind(" " + src + " " + dst); at != std::string::npos)
        copy.replace(at, src.size() + dst.size() + 2, " " + (src_dir.empty() ? "/" : src_dir) + " " + dst_dir);
    }
  }

  const size_t final_stage = df.stages.size() - 1;
  size_t at = doc.stage_begin(final_stage);
  std::vector<Node> nodes;
  for (const auto& l : lines) nodes.push_back(doc.make(l));
  nodes.push_back(doc.blank());
  doc.replace_text(copy_node, copy);
  doc.insert(at, std::move(nodes));
  doc.reparse();
  ctx.change("prod-deps", "new stage \"prod-deps\" installs production dependencies only (" +
                              install_command(ctx.facts, true) + "); the runtime copies node_modules from it, not from \"" +
                              from_word + "\"");
}

// NODE_ENV=production in force at the end of a stage (its own ENV or a base stage's).
bool production_env(const Dockerfile& df, size_t s) {
  auto it = df.stages[s].env.find("NODE_ENV");
  return it != df.stages[s].env.end() && it->second == "production";
}

// The command that removes dev dependencies from an installed tree.
std::string prune_command(const ProjectFacts& f, const std::string& tool) {
  PackageManager pm = f.package_manager;
  if (!f.has_package_json) pm = tool == "yarn" ? PackageManager::YarnClassic : tool == "pnpm" ? PackageManager::Pnpm : PackageManager::Npm;
  switch (pm) {
    case PackageManager::Npm: return "npm prune --omit=dev";
    case PackageManager::YarnClassic:
      return std::string("yarn install --production --ignore-scripts --prefer-offline") +
             (f.has_lockfile() ? " --frozen-lockfile" : "");
    case PackageManager::YarnBerry: return "yarn workspaces focus --all --production";
    case PackageManager::Pnpm: return "pnpm prune --prod";
  }
  return "npm prune --omit=dev";
}

// The final stage copies a whole app folder (node_modules inside) from a
// stage that installed dev dependencies: a stage on top of it prunes them,
// and the copy takes the pruned folder.
void add_prune_stage(RewriteDoc& doc, const RuleContext& ctx) {
  const auto& df = doc.typed;
  const size_t fin = df.stages.size() - 1;
  for (const auto& in : df.stages[fin].instructions) {
    auto* c = in.as<CopyInstr>();
    if (!c || !c->from_stage || !copies_node_modules(df, *c)) continue;
    const std::string install = dev_install_in(df, *c->from_stage);
    if (install.empty()) continue;
    if (df.find_stage("pruned")) {
      ctx.leave("prod-deps", "a stage named pruned exists already, so the dev dependencies copied from " + c->from +
                                 " are left as they are");
      return;
    }
    const std::string tool = install.substr(0, install.find(' '));
    const std::string prune = prune_command(ctx.facts, tool);
    std::string copy = instruction_text(doc.tree.nodes[in.node_index]);
    const std::string old_from = "--from=" + c->from;
    auto pos = copy.find(old_from);
    if (pos == std::string::npos) return;
    copy.replace(pos, old_from.size(), "--from=pruned");
    const std::string from_word = c->from;
    const size_t copy_node = in.node_index;
    doc.replace_text(copy_node, copy);
    doc.insert(doc.stage_begin(fin), {doc.make("FROM " + stage_ref(df, *c->from_stage) + " AS pruned"),
                                      doc.make("RUN " + prune), doc.blank()});
    doc.reparse();
    ctx.change("prod-deps", "new stage \"pruned\" (" + prune + " on top of \"" + from_word +
                                "\"): the runtime copies the app folder without the dev dependencies `" + install +
                                "` installed");
    return;
  }
}

}  // namespace

void rule_prod_deps(RewriteDoc& doc, const RuleContext& ctx) {
  const auto& f = ctx.facts;
  if (!f.is_node()) return;
  follow_lockfile(doc, ctx);
  if (!f.dev_runner.empty()) {
    ctx.leave("prod-deps", "the app starts with " + f.dev_runner +
                               ", which needs the dev dependencies at run time: compile in a build stage and start "
                               "node on the output to drop them");
    ctx.leave("node-env", "the app starts with " + f.dev_runner + ", a development runner; NODE_ENV is left as it is");
    return;
  }
  size_t fin = doc.typed.stages.size() - 1;
  if (is_nginx_image(root_image(doc.typed, fin))) return;

  // node_modules copied from another stage?
  for (const auto& in : doc.typed.stages[fin].instructions) {
    auto* c = in.as<CopyInstr>();
    if (!c || !c->from_stage) continue;
    bool node_modules = std::any_of(c->sources.begin(), c->sources.end(), [](auto& s) {
      return s.ends_with("node_modules") || s.ends_with("node_modules/");
    });
    if (node_modules) {
      const std::string from_word = c->from;
      const size_t node = in.node_index, from_stage = *c->from_stage;
      add_prod_stage(doc, ctx, node, from_stage, from_word);
      break;
    }
  }
  fin = doc.typed.stages.size() - 1;
  const Stage& st = doc.typed.stages[fin];
  if (auto install = install_in(st)) {
    const auto& in = st.instructions[*install];
    auto a = analyze_run(in.as<RunInstr>()->command.joined());
    bool later_build = false;
    for (size_t i = *install; i < st.instructions.size(); ++i)
      if (auto* run = st.instructions[i].as<RunInstr>()) {
        auto r = analyze_run(run->command.joined());
        later_build = later_build || r.build || r.test;
      }
    if (!a.production && !later_build) {
      std::string text = instruction_text(doc.tree.nodes[in.node_index]);
      if (make_production(text, a.node_tool, ctx.facts)) {
        doc.replace_text(in.node_index, text);
        doc.reparse();
        ctx.change("prod-deps", "the image installs production dependencies only (no build step needs the dev ones)");
      }
    } else if (!a.production) {
      ctx.note("prod-deps: the final stage builds the app, so it needs dev dependencies; multi-stage leaves them out");
    }
  }

  if (doc.typed.stages.size() > 1) add_prune_stage(doc, ctx);
  fin = doc.typed.stages.size() - 1;
  if (!is_node_image(root_image(doc.typed, fin)) || production_env(doc.typed, fin)) return;
  const Stage& last = doc.typed.stages[fin];
  // After the last install/build step and any ENV NODE_ENV=..., else right after FROM.
  size_t after = last.instructions[0].node_index;
  for (const auto& in : last.instructions) {
    if (auto* run = in.as<RunInstr>()) {
      auto r = analyze_run(run->command.joined());
      if (r.deps_install || r.build || r.test) after = in.node_index;
    }
    if (auto* env = in.as<EnvInstr>())
      for (const auto& kv : env->vars)
        if (kv.key == "NODE_ENV") after = std::max(after, in.node_index);
  }
  doc.insert(after + 1, {doc.make("ENV NODE_ENV=production")});
  doc.reparse();
  ctx.change("prod-deps", "ENV NODE_ENV=production in the runtime: libraries skip development code paths");
}

}  // namespace imgslim::dockerfiles
