// Where dev dependencies come from: the installs that include them, the
// prunes that remove them again, followed through a stage's base stages.
// Shared by the prod-deps lint rule and the rewrite rule that answers it.
#pragma once
#include <cstddef>
#include <string>

#include "dockerfiles/instructions/instructions.h"
#include "dockerfiles/instructions/shell_commands.h"

namespace imgslim::dockerfiles {

// npm prune --omit=dev, pnpm prune --prod, yarn install --production, yarn workspaces focus --production.
bool is_prune(const SimpleCommand& c);
// The dev-dependency install a stage (or a stage it builds on) runs and does
// not prune afterwards, "" when none.
std::string dev_install_in(const Dockerfile& df, std::size_t stage);
// The absolute WORKDIR a stage (or its base stages) sets, "/" when none.
std::string install_dir(const Dockerfile& df, std::size_t stage);
// A COPY --from that brings that stage's node_modules: the folder itself, or
// the app folder (or "." / "/") holding it.
bool copies_node_modules(const Dockerfile& df, const CopyInstr& copy);

}  // namespace imgslim::dockerfiles
