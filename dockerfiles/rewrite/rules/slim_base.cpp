// slim-base: the runtime stage runs on the slim variant of the user's base
// family (node:20 -> node:20-slim); alpine, slim, distroless and images
// pinned by digest stay; --runtime-base IMAGE overrides.
#include "dockerfiles/rewrite/commands.h"
#include "dockerfiles/rewrite/rules/rules.h"
#include "dockerfiles/rewrite/support.h"

namespace imgslim::dockerfiles {

namespace {

// "node:20" -> "node:20-slim" on the text as written (variables kept).
std::optional<std::string> slim_variant(const std::string& raw) {
  auto n = split_image(raw);
  if (!n.digest.empty()) return std::nullopt;
  for (const char* keep : {"alpine", "slim", "distroless", "chiseled"})
    if (n.tag.find(keep) != std::string::npos || n.repo.find(keep) != std::string::npos) return std::nullopt;
  auto colon = raw.rfind(':');
  auto slash = raw.rfind('/');
  bool has_tag = colon != std::string::npos && (slash == std::string::npos || colon > slash);
  if (!has_tag) return raw + ":slim";
  if (n.tag == "latest") return raw.substr(0, colon) + ":slim";
  return raw + "-slim";
}

// The final stage still compiles native code (single stage, compile packages).
bool compiles_in(const Stage& st, const ProjectFacts& f) {
  bool install = false, compile_pkgs = false;
  for (const auto& in : st.instructions)
    if (auto* run = in.as<RunInstr>()) {
      auto a = analyze_run(run->command.joined());
      install = install || a.deps_install;
      for (const auto& p : a.packages) compile_pkgs = compile_pkgs || is_compile_only_package(p);
    }
  return compile_pkgs || (install && !f.native_modules.empty());
}

}  // namespace

void rule_slim_base(RewriteDoc& doc, const RuleContext& ctx) {
  const size_t fin = doc.typed.stages.size() - 1;
  const Stage& st = doc.typed.stages[fin];
  if (st.base_stage) return;  // FROM <stage>: the base is the user's own stage
  if (st.from.image == "scratch") return;  // assembled (no-package-managers) or the user's own empty base
  const std::string raw = st.from.image_raw;
  std::string target;
  if (!ctx.options.runtime_base.empty()) {
    if (raw == ctx.options.runtime_base) return;
    target = ctx.options.runtime_base;
  } else {
    if (!is_node_image(st.from.image)) {
      if (auto slim = slim_variant(raw); slim && !is_nginx_image(st.from.image))
        ctx.leave("slim-base", raw + " is not a node image, whose slim variants the rewriter knows; try " + *slim +
                                   " and run the app's tests on it");
      return;
    }
    auto slim = slim_variant(raw);
    if (!slim) {
      if (!split_image(raw).digest.empty()) ctx.leave("slim-base", raw + " is pinned by digest, and the slim variant's digest is unknown");
      return;
    }
    if (compiles_in(st, ctx.facts)) {
      ctx.leave("slim-base", "the final stage compiles native modules (" +
                                 (ctx.facts.native_modules.empty() ? std::string("compiler packages")
                                                                   : ctx.facts.native_modules[0]) +
                                 "), so it keeps the full image");
      return;
    }
    target = *slim;
  }
  std::string text = instruction_text(doc.tree.nodes[st.instructions[0].node_index]);
  auto pos = text.find(raw);
  if (pos == std::string::npos) return;
  text.replace(pos, raw.size(), target);
  doc.replace_text(st.instructions[0].node_index, text);
  doc.reparse();
  ctx.change("slim-base", "runtime base " + raw + " → " + target +
                              (ctx.options.runtime_base.empty() ? ": same family and version without compilers and headers"
                                                                : " (--runtime-base)"));
}

}  // namespace imgslim::dockerfiles
