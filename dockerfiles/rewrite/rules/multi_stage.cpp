// multi-stage: a single-stage Node.js Dockerfile becomes a build stage (the
// user's steps, unchanged) and a runtime stage that receives only what the
// app runs: production files for a backend, the built static files behind
// nginx (or a small node server) for a frontend.
#include <algorithm>

#include "dockerfiles/instructions/main_process.h"
#include "dockerfiles/syntax/parser.h"
#include "dockerfiles/rewrite/commands.h"
#include "dockerfiles/rewrite/rules/rules.h"
#include "dockerfiles/rewrite/support.h"

namespace imgslim::dockerfiles {

namespace {

enum class Place { Build, Runtime, Both, Drop };

bool under(const std::string& path, const std::string& dir) {
  if (dir == "/") return true;
  return path == dir || path.starts_with(dir + "/");
}

// The RUN text without the compile-only packages: a package alone on its
// physical line takes the line with it, else just the word goes.
std::string without_packages(std::string text, const std::vector<std::string>& packages) {
  for (const auto& pkg : packages) {
    size_t pos = 0;
    while ((pos = text.find(pkg, pos)) != std::string::npos) {
      size_t end = pos + pkg.size();
      bool left_ok = pos > 0 && (text[pos - 1] == ' ' || text[pos - 1] == '\t');
      bool right_ok = end == text.size() || text[end] == ' ' || text[end] == '\t' || text[end] == '\n' ||
                      text[end] == '\r';
      if (!left_ok || !right_ok) {
        pos = end;
        continue;
      }
      size_t line_start = text.rfind('\n', pos);
      line_start = line_start == std::string::npos ? 0 : line_start + 1;
      size_t line_end = text.find('\n', pos);
      if (line_end == std::string::npos) line_end = text.size();
      std::string line = text.substr(line_start, line_end - line_start);
      std::string rest = line;
      rest.erase(pos - line_start, pkg.size());
      bool only_word = rest.find_first_not_of(" \t\\`\r") == std::string::npos;
      if (only_word && line_start > 0) {
        text.erase(line_start, line_end + 1 - line_start);
        pos = line_start;
      } else {
        size_t ws = pos;
        while (ws > line_start && (text[ws - 1] == ' ' || text[ws - 1] == '\t')) --ws;
        text.erase(ws, end - ws);
        pos = ws;
      }
    }
  }
  return text;
}

std::vector<std::string> frontend_runtime(const RuleContext& ctx, const RewriteDoc& doc,
                                          const std::string& build, const std::string& app_dir, int port) {
  const auto& f = ctx.facts;
  std::string out = app_dir == "/" ? "/" + f.output_dir : app_dir + "/" + f.output_dir;
  std::vector<std::string> lines;
  if (ctx.options.frontend_runtime == "node") {
    lines.push_back("WORKDIR /app");
    lines.push_back("COPY --from=" + build + " " + out + " ./public");
    lines.push_back(generated_node_server_run("/app/server.mjs", port, "public", doc.tree.escape));
    return lines;
  }
  if (!f.nginx_conf.empty()) lines.push_back("COPY " + f.nginx_conf + " /etc/nginx/conf.d/default.conf");
  else lines.push_back(generated_nginx_config_run(port, f.frontend_tool, doc.tree.escape));
  lines.push_back("COPY --from=" + build + " " + out + " /usr/share/nginx/html");
  return lines;
}

// What a backend's runtime stage copies from the stage that built it: the
// Next.js server, the started workspace and the packages it uses, the build
// output with node_modules, or (start command not in the output) the whole
// app folder. `what` says it in words for the explanation.
std::vector<std::string> built_artefacts(const RuleContext& ctx, const std::string& build, const std::string& app_dir,
                                         std::string& what) {
  const auto& f = ctx.facts;
  const auto rel = [&](const std::string& p) { return app_dir == "/" ? "/" + p : "./" + p; };
  const auto abs = [&](const std::string& p) { return app_dir == "/" ? "/" + p : app_dir + "/" + p; };
  const bool start_in_output = !f.output_dir.empty() && f.start_command.size() >= 2 &&
                               f.start_command[1].starts_with(f.output_dir + "/");
  std::vector<std::string> artefacts;
  if (f.next_app && f.next_standalone) {
    // next build's standalone server carries the node_modules it needs.
    artefacts.push_back("COPY --from=" + build + " " + abs(".next/standalone") + " " + rel(""));
    artefacts.push_back("COPY --from=" + build + " " + abs(".next/static") + " " + rel(".next/static"));
    if (f.has_public_dir) artefacts.push_back("COPY --from=" + build + " " + abs("public") + " " + rel("public"));
    // server.js listens on $HOSTNAME, which Docker sets to the container's id.
    artefacts.push_back("ENV HOSTNAME=0.0.0.0");
    what = "Next.js's standalone server (.next/standalone), .next/static" + std::string(f.has_public_dir ? " and public/" : "");
  } else if (f.next_app) {
    artefacts.push_back("COPY --from=" + build + " " + abs("node_modules") + " " + rel("node_modules"));
    artefacts.push_back("COPY --from=" + build + " " + abs("package.json") + " " + rel(""));
    if (!f.next_config.empty())
      artefacts.push_back("COPY --from=" + build + " " + abs(f.next_config) + " " + rel(""));
    artefacts.push_back("COPY --from=" + build + " " + abs(".next") + " " + rel(".next"));
    if (f.has_public_dir) artefacts.push_back("COPY --from=" + build + " " + abs("public") + " " + rel("public"));
    what = "node_modules, package.json, " + (f.next_config.empty() ? std::string() : f.next_config + ", ") + ".next" +
           (f.has_public_dir ? " and public/" : "");
    ctx.note("multi-stage: next.config with output: 'standalone' makes next build write a server with only the "
             "node_modules it uses (.next/standalone); the runtime would then need neither node_modules nor .next/cache "
             "(measure it with --measure)");
  } else if (!f.runtime_workspaces.empty() && !f.start_command.empty()) {
    // The started workspace and the workspace packages it uses: their
    // package.json and build output, with the root's node_modules.
    artefacts.push_back("COPY --from=" + build + " " + abs("node_modules") + " " + rel("node_modules"));
    artefacts.push_back("COPY --from=" + build + " " + abs("package.json") + " " + rel(""));
    std::string list;
    for (const auto& [dir, out] : f.runtime_workspaces) {
      if (out.empty()) {  // output folder unknown: the whole package folder
        artefacts.push_back("COPY --from=" + build + " " + abs(dir) + " " + rel(dir));
        continue;
      }
      artefacts.push_back("COPY --from=" + build + " " + abs(dir + "/package.json") + " " + rel(dir + "/"));
      artefacts.push_back("COPY --from=" + build + " " + abs(dir + "/" + out) + " " + rel(dir + "/" + out));
    }
    for (const auto& [dir, out] : f.runtime_workspaces) list += (list.empty() ? "" : ", ") + dir + (out.empty() ? "" : "/" + out);
    what = "node_modules and the workspace packages it runs (" + list + ")";
  } else if (start_in_output && f.workspaces.empty()) {
    artefacts.push_back("COPY --from=" + build + " " + abs("node_modules") + " " + rel("node_modules"));
    artefacts.push_back("COPY --from=" + build + " " + abs("package.json") + " " + rel(""));
    artefacts.push_back("COPY --from=" + build + " " + abs(f.output_dir) + " " + rel(f.output_dir));
    what = "node_modules, package.json and " + f.output_dir + "/";
  } else {
    artefacts.push_back("COPY --from=" + build + " " + app_dir + " " + app_dir);
    what = "the whole app folder " + app_dir;
    ctx.note("multi-stage: the start command does not run from the build output (" +
             (f.start_command.empty() ? f.start_note : json_array(f.start_command)) +
             "); the runtime stage copies the whole app folder");
  }
  return artefacts;
}

// A final stage `FROM build` (the stage that installed every dependency and
// built) ships all of it. It becomes a runtime on the image the chain starts
// from, with the chain's ENV (NODE_ENV aside) and only what the app runs.
bool split_inherited_runtime(RewriteDoc& doc, const RuleContext& ctx, size_t si) {
  const Dockerfile& df = doc.typed;
  const Stage& st = df.stages[si];
  if (!st.base_stage || ctx.facts.kind != AppKind::Backend) return false;
  bool built = false, installed = false;
  std::vector<std::string> env_lines;
  for (std::optional<size_t> cur = st.base_stage; cur; cur = df.stages[*cur].base_stage) {
    std::vector<std::string> stage_env;
    for (const auto& in : df.stages[*cur].instructions) {
      if (auto* run = in.as<RunInstr>()) {
        auto a = analyze_run(run->command.joined());
        built = built || a.build;
        installed = installed || (a.deps_install && !a.production);
      }
      if (auto* env = in.as<EnvInstr>())
        if (std::any_of(env->vars.begin(), env->vars.end(), [](auto& kv) { return kv.key != "NODE_ENV"; }))
          stage_env.push_back(instruction_text(doc.tree.nodes[in.node_index]));
    }
    env_lines.insert(env_lines.begin(), stage_env.begin(), stage_env.end());
  }
  if (!built || !installed) return false;
  const std::string build = stage_ref(df, *st.base_stage);
  const Stage& base = df.stages[*st.base_stage];
  const std::string app_dir = workdir_at(df, *st.base_stage, base.instructions.size());
  std::string what;
  std::vector<std::string> lines = env_lines;
  if (app_dir != "/" && std::none_of(st.instructions.begin(), st.instructions.end(),
                                     [](const Instruction& in) { return in.keyword == "WORKDIR"; }))
    lines.push_back("WORKDIR " + app_dir);
  for (const auto& a : built_artefacts(ctx, build, app_dir, what)) lines.push_back(a);
  std::string from = "FROM ";
  for (const auto& flag : st.instructions[0].flags) from += flag + " ";
  const std::string image = ctx.options.runtime_base.empty() ? root_image_raw(df, si) : ctx.options.runtime_base;
  from += image + (st.name.empty() ? "" : " AS " + st.name);
  const size_t from_node = st.instructions[0].node_index;
  std::vector<Node> nodes;
  for (const auto& l : lines) nodes.push_back(doc.make(l));
  doc.replace_text(from_node, from);
  doc.insert(from_node + 1, std::move(nodes));
  doc.reparse();
  ctx.change("multi-stage", "the final stage was built on \"" + build +
                                "\" (every dependency, the sources, the build); it now starts from " + image +
                                " and receives only " + what);
  return true;
}

}  // namespace

void rule_multi_stage(RewriteDoc& doc, const RuleContext& ctx) {
  const auto& f = ctx.facts;
  if (!f.is_node()) return;
  // The stage to split: the only one, or a final stage that both installs
  // and builds (`FROM base AS build` ... `RUN pnpm run build` ... CMD).
  const size_t si = doc.typed.stages.size() - 1;
  const Stage& st = doc.typed.stages[si];
  if (si > 0) {
    bool installs = false, builds = false;
    for (const auto& in : st.instructions)
      if (auto* run = in.as<RunInstr>()) {
        auto a = analyze_run(run->command.joined());
        installs = installs || a.deps_install;
        builds = builds || a.build;
      }
    if (!installs && !builds) {
      split_inherited_runtime(doc, ctx, si);
      return;
    }
    if (!installs || !builds) return;
  }
  const bool frontend = f.kind == AppKind::StaticFrontend;

  std::optional<size_t> install_pos, build_pos;
  for (size_t i = 1; i < st.instructions.size(); ++i)
    if (auto* run = st.instructions[i].as<RunInstr>()) {
      auto a = analyze_run(run->command.joined());
      if (a.deps_install && !install_pos) install_pos = i;
      if (a.build) build_pos = i;
    }
  if (!f.dev_runner.empty()) {
    ctx.note("multi-stage: the app starts with " + f.dev_runner +
             ", which needs the dev dependencies at run time; the single stage is kept (compile in a build stage and "
             "start node on the output to split it)");
    return;
  }
  if (!install_pos) {
    ctx.note("multi-stage: no dependency install step (npm/yarn/pnpm install) found; the single stage is kept");
    return;
  }
  if (!frontend && !build_pos && analyze_run(st.instructions[*install_pos].as<RunInstr>()->command.joined()).production &&
      f.native_modules.empty()) {
    return;  // production install, nothing built, nothing compiled: one stage is already minimal
  }
  if (frontend && (!build_pos || f.output_dir.empty())) {
    ctx.leave("multi-stage", "the frontend has no build step (or no known output folder), so the single stage is kept");
    return;
  }
  const std::string app_dir = workdir_at(doc.typed, si, *install_pos);
  const std::string build = st.name.empty() ? "build" : st.name;
  const bool nginx = frontend && ctx.options.frontend_runtime != "node";
  const int front_port = nginx && !f.nginx_conf.empty() && f.nginx_listen_port
                             ? f.nginx_listen_port
                             : (ctx.options.enabled("non-root") || !nginx ? 8080 : 80);
  const auto rel = [&](const std::string& p) { return app_dir == "/" ? "/" + p : "./" + p; };
  const auto abs = [&](const std::string& p) { return app_dir == "/" ? "/" + p : app_dir + "/" + p; };

  // The runtime keeps a pnpm/yarn CMD when the command its script runs is unknown.
  const MainProcess main = main_process(st);
  const bool keeps_package_manager_cmd =
      f.start_command.empty() && (main.program == "pnpm" || main.program == "yarn");
  // Where each instruction goes.
  std::vector<Place> place(st.instructions.size(), Place::Build);
  std::vector<std::string> runtime_text(st.instructions.size());
  std::vector<std::string> dropped;
  for (size_t i = 1; i < st.instructions.size(); ++i) {
    const auto& in = st.instructions[i];
    const auto& kw = in.keyword;
    Place p = Place::Build;
    if (kw == "WORKDIR" || kw == "ARG" || kw == "ENV" || kw == "USER" || kw == "SHELL") {
      p = frontend ? Place::Build : Place::Both;
      // NODE_ENV=development (or test) is the build's: the runtime runs in production.
      if (auto* env = in.as<EnvInstr>(); env && !frontend) {
        bool only_node_env = std::all_of(env->vars.begin(), env->vars.end(), [](auto& kv) { return kv.key == "NODE_ENV"; });
        bool non_production = std::any_of(env->vars.begin(), env->vars.end(), [](auto& kv) {
          return kv.key == "NODE_ENV" && kv.value != "production";
        });
        if (only_node_env && non_production) p = Place::Build;
      }
    } else if (kw == "RUN") {
      auto a = analyze_run(in.as<RunInstr>()->command.joined());
      if (a.role == RunRole::SystemPackages && !frontend) {
        std::vector<std::string> compile;
        for (auto& pkg : a.packages)
          if (is_compile_only_package(pkg)) compile.push_back(pkg);
        if (compile.size() < a.packages.size()) {
          p = Place::Both;
          if (!compile.empty()) {
            runtime_text[i] = without_packages(instruction_text(doc.tree.nodes[in.node_index]), compile);
            std::string list;
            for (auto& c : compile) list += (list.empty() ? "" : ", ") + c;
            ctx.change("multi-stage", "compile-only packages (" + list + ") stay in the build stage; the runtime installs the rest");
          }
        }
      } else if (a.role == RunRole::FsSetup || (a.npm_global && !a.deps_install)) {
        p = frontend ? Place::Build : Place::Runtime;
      } else if (!frontend && keeps_package_manager_cmd && in.as<RunInstr>()->command.joined().find("corepack enable") != std::string::npos) {
        p = Place::Both;  // the runtime's CMD still runs pnpm/yarn, which corepack provides
      }
    } else if (kw == "COPY" || kw == "ADD") {
      auto* c = in.as<CopyInstr>();
      if (!frontend && (!c->from.empty() || (c->dest.starts_with("/") && !under(c->dest, app_dir))))
        p = Place::Both;
    } else if (kw == "EXPOSE" || kw == "CMD" || kw == "ENTRYPOINT" || kw == "HEALTHCHECK" || kw == "STOPSIGNAL") {
      p = frontend ? Place::Drop : Place::Runtime;
      if (frontend) dropped.push_back(instruction_text(doc.tree.nodes[in.node_index]));
    } else {
      p = Place::Runtime;  // LABEL, VOLUME, ONBUILD, MAINTAINER
      if (kw == "ONBUILD") ctx.note("multi-stage: ONBUILD kept in the final stage as written");
    }
    place[i] = p;
  }
  size_t last_build_only = 0;
  for (size_t i = 1; i < place.size(); ++i)
    if (place[i] == Place::Build) last_build_only = i;

  // Artefacts the runtime stage receives.
  std::vector<std::string> artefacts;
  std::string what;
  if (frontend) {
    artefacts = frontend_runtime(ctx, doc, build, app_dir, front_port);
    what = "the built files in " + f.output_dir + "/";
  } else {
    bool built = build_pos.has_value();
    if (!built) {
      for (size_t i = 1; i < st.instructions.size(); ++i) {
        auto* c = st.instructions[i].as<CopyInstr>();
        if (c && c->from.empty() && place[i] == Place::Build && !c->is_add)
          artefacts.push_back(instruction_text(doc.tree.nodes[st.instructions[i].node_index]));
      }
      artefacts.push_back("COPY --from=" + build + " " + abs("node_modules") + " " + rel("node_modules"));
      what = "the app's files and node_modules";
    } else {
      artefacts = built_artefacts(ctx, build, app_dir, what);
    }
  }

  // Assemble: prefix, build stage, blank, runtime stage.
  const size_t from_node = st.instructions[0].node_index;
  const size_t begin = doc.stage_begin(si);
  std::vector<Node> out(doc.tree.nodes.begin(), doc.tree.nodes.begin() + begin);
  for (size_t n = begin; n < from_node; ++n) out.push_back(doc.tree.nodes[n]);
  std::string from_text = instruction_text(doc.tree.nodes[from_node]);
  if (st.name.empty()) {
    while (!from_text.empty() && (from_text.back() == ' ' || from_text.back() == '\t')) from_text.pop_back();
    from_text += " AS " + build;
  }
  out.push_back(doc.make(from_text));

  std::vector<Node> runtime;
  std::string runtime_from = "FROM ";
  for (const auto& flag : st.instructions[0].flags) runtime_from += flag + " ";
  if (!ctx.options.runtime_base.empty()) runtime_from += ctx.options.runtime_base;
  // On the image the stage chain starts from (node:20, not the user's `base`
  // stage with its tooling), unless the CMD still needs that stage's package manager.
  else runtime_from += nginx ? ctx.options.nginx_image
                             : (si > 0 && !keeps_package_manager_cmd ? root_image_raw(doc.typed, si) : st.from.image_raw);
  runtime.push_back(doc.make(runtime_from));
  if (si > 0 && !nginx && runtime_from.find(st.from.image_raw) == std::string::npos && app_dir != "/" &&
      std::none_of(st.instructions.begin(), st.instructions.end(), [](const Instruction& in) { return in.keyword == "WORKDIR"; }))
    runtime.push_back(doc.make("WORKDIR " + app_dir));  // the base stage's WORKDIR, which the runtime does not build on
  auto add_artefacts = [&] {
    for (const auto& a : artefacts) runtime.push_back(doc.make(a));
  };
  if (frontend) add_artefacts();

  std::vector<Node> pending;
  size_t instr = 1;
  for (size_t n = from_node + 1; n < doc.tree.nodes.size(); ++n) {
    const Node& node = doc.tree.nodes[n];
    if (node.kind == NodeKind::Comment) {
      pending.push_back(node);
      continue;
    }
    if (node.kind != NodeKind::Instruction) {
      out.insert(out.end(), pending.begin(), pending.end());
      pending.clear();
      out.push_back(node);
      continue;
    }
    size_t i = instr++;
    switch (place[i]) {
      case Place::Build:
        out.insert(out.end(), pending.begin(), pending.end());
        out.push_back(node);
        break;
      case Place::Both:
        out.insert(out.end(), pending.begin(), pending.end());
        out.push_back(node);
        runtime.push_back(runtime_text[i].empty() ? node : doc.make(runtime_text[i]));
        break;
      case Place::Runtime:
        runtime.insert(runtime.end(), pending.begin(), pending.end());
        runtime.push_back(node);
        break;
      case Place::Drop:
        break;
    }
    pending.clear();
    if (i == last_build_only && !frontend) add_artefacts();
  }
  out.insert(out.end(), pending.begin(), pending.end());
  if (frontend) runtime.push_back(doc.make("EXPOSE " + std::to_string(front_port)));
  if (frontend && !nginx) runtime.push_back(doc.make("CMD [\"node\", \"server.mjs\"]"));
  while (!out.empty() && out.back().kind == NodeKind::Blank) out.pop_back();
  if (!out.empty() && !out.back().text.ends_with("\n")) {
    auto& last = out.back();
    // A continuation as the file's last byte continues nothing; with stages
    // after it, it would swallow the next one.
    std::string text = last.text;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    if (last.kind == NodeKind::Instruction && !text.empty() && text.back() == doc.tree.escape) {
      text.pop_back();
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
      last.text = text;
    }
    last = last.kind == NodeKind::Instruction ? parse_instruction(last.text + doc.newline(), doc.tree.escape) : last;
    if (last.kind != NodeKind::Instruction) last.text += doc.newline();
  }
  out.push_back(doc.blank());
  out.insert(out.end(), runtime.begin(), runtime.end());
  doc.tree.nodes = std::move(out);
  doc.reparse();

  ctx.change("multi-stage", "split into a \"" + build + "\" stage (dependencies, build) and a runtime stage on " +
                                std::string(nginx ? "nginx" : "node") + " that receives only " + what);
  for (const auto& d : dropped)
    ctx.change("multi-stage", "dropped `" + d + "` (the development server's): the runtime stage serves the built files" +
                                  std::string(nginx ? " with nginx" : " with a small node server"));
  if (frontend && nginx)
    ctx.change("multi-stage", f.nginx_conf.empty()
                                  ? "generated nginx config: gzip for text types, immutable caching for hashed assets, SPA fallback to index.html"
                                  : "serves with the app's own " + f.nginx_conf);
}

}  // namespace imgslim::dockerfiles
