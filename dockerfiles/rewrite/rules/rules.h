// dockerfiles/rewrite/rules/ — one rewrite rule per file (multi-stage, prod-deps, cache-mounts, layer-
// order, slim-base, non-root, init, healthcheck, static-server, prune-modules, no-package-managers
// (runtime_assembly), dockerignore).
// May include: dockerfiles/rewrite/, dockerfiles/syntax/.
//
// The rewrite rules. Each edits the document in place, records what it
// changed (with its rule id and why) and leaves alone what it already
// produced, so running it twice changes nothing the second time.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "dockerfiles/rewrite/doc.h"

namespace imgslim::dockerfiles {

void rule_multi_stage(RewriteDoc& doc, const RuleContext& ctx);
void rule_layer_order(RewriteDoc& doc, const RuleContext& ctx);
void rule_prod_deps(RewriteDoc& doc, const RuleContext& ctx);
void rule_cache_mounts(RewriteDoc& doc, const RuleContext& ctx);
void rule_slim_base(RewriteDoc& doc, const RuleContext& ctx);
void rule_non_root(RewriteDoc& doc, const RuleContext& ctx);
void rule_init(RewriteDoc& doc, const RuleContext& ctx);
void rule_healthcheck(RewriteDoc& doc, const RuleContext& ctx);
void rule_prune_modules(RewriteDoc& doc, const RuleContext& ctx);
// no-package-managers: rule_no_package_managers, or with --runtime minimal
// rule_minimal_runtime (which falls back to the former where it cannot apply).
void rule_runtime_assembly(RewriteDoc& doc, const RuleContext& ctx);
void rule_no_package_managers(RewriteDoc& doc, const RuleContext& ctx);
bool rule_minimal_runtime(RewriteDoc& doc, const RuleContext& ctx);
bool minimal_nginx_runtime(RewriteDoc& doc, const RuleContext& ctx);

// .dockerignore: the new content for the file (`before` = current content or
// nullopt), given the rewritten Dockerfile.
std::string rule_dockerignore(const std::optional<std::string>& before, const RewriteDoc& doc,
                              const RuleContext& ctx);

// The nginx server config for a static frontend (gzip, immutable hashed
// assets, SPA fallback), as a RUN that writes it into the image.
std::string generated_nginx_config_run(int port, const std::string& frontend_tool, char escape);
// A tiny node static server (same behaviour) written by a RUN.
std::string generated_node_server_run(const std::string& path, int port, const std::string& root, char escape);

// The node script prune-modules runs (one line per element, no quote, no
// backslash), and the RUN that writes it, runs it on `dirs` and removes it.
const std::vector<std::string>& prune_modules_script();
std::string prune_modules_run(const std::vector<std::string>& dirs, char escape);
// The RUN deleting the package managers and node headers from a node image.
std::string package_manager_removal_run(char escape);

}  // namespace imgslim::dockerfiles
