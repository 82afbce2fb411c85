// no-package-managers: a runtime that starts `node ...` does not carry npm,
// npx, corepack, yarn, pnpm nor the node headers. Deleting them in the
// runtime stage would save nothing (they stay in the base's layer), so the
// runtime is assembled: a stage on the same node image deletes them, and the
// final stage starts FROM scratch with that stage's whole file system (the
// same node binary, shell, users, CA certificates and libraries) copied in
// one layer.
#include <algorithm>

#include "dockerfiles/instructions/main_process.h"
#include "dockerfiles/rewrite/commands.h"
#include "dockerfiles/rewrite/rules/rules.h"
#include "dockerfiles/rewrite/support.h"

namespace imgslim::dockerfiles {

namespace {

const char* const kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

bool is_package_manager(const std::string& program) {
  for (const char* pm : {"npm", "npx", "yarn", "yarnpkg", "pnpm", "pnpx", "corepack"})
    if (program == pm) return true;
  return false;
}

// The package manager a RUN of the stage calls, or "".
std::string package_manager_run(const Stage& st) {
  for (const auto& in : st.instructions)
    if (auto* run = in.as<RunInstr>())
      for (const auto& cmd : split_shell(run->command.joined())) {
        auto w = cmd.words.begin();
        while (w != cmd.words.end() && w->find('=') != std::string::npos && !w->starts_with("-")) ++w;
        if (w == cmd.words.end()) continue;
        std::string prog = w->substr(w->rfind('/') == std::string::npos ? 0 : w->rfind('/') + 1);
        if (is_package_manager(prog)) return prog;
      }
  return {};
}

std::string unique_stage_name(const Dockerfile& df, const std::string& want) {
  std::string name = want;
  for (int n = 2; df.find_stage(name); ++n) name = want + "-" + std::to_string(n);
  return name;
}

}  // namespace

std::string package_manager_removal_run(char escape) {
  std::string out = "RUN rm -rf /usr/local/lib/node_modules /usr/local/include/node /opt/corepack /opt/yarn-* ";
  out += escape;
  out += "\n        /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn ";
  out += escape;
  out += "\n        /usr/local/bin/yarnpkg /usr/local/bin/pnpm /usr/local/bin/pnpx";
  return out;
}

void rule_no_package_managers(RewriteDoc& doc, const RuleContext& ctx) {
  const Dockerfile& df = doc.typed;
  const size_t fin = df.stages.size() - 1;
  const Stage& st = df.stages[fin];
  // FROM scratch (assembled already), a stage of the file, or another image family: nothing to take out.
  if (st.base_stage || !is_node_image(st.from.image)) return;
  const MainProcess main = main_process(st);
  if (main.program != "node" && main.program != "nodejs") {
    if (is_package_manager(main.program))
      ctx.note("no-package-managers: the runtime starts `" + main.text + "`, which needs " + main.program +
               " at run time, so npm, yarn, pnpm and corepack stay in the runtime (start node on the built entry "
               "point to drop them)");
    return;
  }
  if (auto pm = package_manager_run(st); !pm.empty()) {
    ctx.note("no-package-managers: a RUN of the runtime stage calls " + pm +
             ", so the package managers stay in the runtime");
    return;
  }
  const std::string helper = unique_stage_name(df, "node-runtime");
  std::string flags;
  for (const auto& flag : st.instructions[0].flags) flags += flag + " ";
  const std::string image = st.from.image_raw;

  std::vector<Node> nodes;
  nodes.push_back(doc.make("FROM " + flags + image + " AS " + helper));
  nodes.push_back(doc.make(package_manager_removal_run(doc.tree.escape)));
  nodes.push_back(doc.blank());
  const size_t from_node = st.instructions[0].node_index;
  doc.replace_text(from_node, "FROM " + flags + "scratch" + (st.name.empty() ? "" : " AS " + st.name));
  doc.insert(from_node + 1, {doc.make("COPY --from=" + helper + " / /"), doc.make(std::string("ENV PATH=") + kDefaultPath)});
  doc.insert(doc.block_begin(from_node), std::move(nodes));
  doc.reparse();
  ctx.change("no-package-managers",
             "the runtime starts node, so it is assembled without npm, npx, corepack, yarn, pnpm and the node headers: "
             "the \"" + helper + "\" stage deletes them from " + image +
             " and the runtime starts FROM scratch with that file system (same node, shell, node user, CA "
             "certificates) in one layer; deleting them in the runtime stage itself would save nothing");
}

}  // namespace imgslim::dockerfiles

namespace imgslim::dockerfiles {

void rule_runtime_assembly(RewriteDoc& doc, const RuleContext& ctx) {
  if (ctx.options.runtime == "minimal" && rule_minimal_runtime(doc, ctx)) return;
  rule_no_package_managers(doc, ctx);
}

}  // namespace imgslim::dockerfiles
