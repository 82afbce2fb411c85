// dockerfiles/rewrite/rules/ — one rewrite rule per file (multi-stage, prod-deps, cache-mounts, layer-
// order, slim-base, non-root, init, healthcheck, static-server, dockerignore).
// May include: dockerfiles/rewrite/, dockerfiles/syntax/.
//
// The rewrite rules. Each edits the document in place, records what it
// changed (with its rule id and why) and leaves alone what it already
// produced, so running it twice changes nothing the second time.
#pragma once
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

// .dockerignore: the new content for the file (`before` = current content or
// nullopt), given the rewritten Dockerfile.
std::string rule_dockerignore(const std::optional<std::string>& before, const RewriteDoc& doc,
                              const RuleContext& ctx);

// The nginx server config for a static frontend (gzip, immutable hashed
// assets, SPA fallback), as a RUN that writes it into the image.
std::string generated_nginx_config_run(int port, const std::string& frontend_tool, char escape);
// A tiny node static server (same behaviour) written by a RUN.
std::string generated_node_server_run(const std::string& path, int port, const std::string& root, char escape);

}  // namespace imgslim::dockerfiles
