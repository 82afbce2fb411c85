// Which Dockerfile instruction made which image layer. The image's history
// (`created_by`, as BuildKit or the classic builder wrote it) is aligned,
// from the last layer backwards, with the layer-making instructions (RUN,
// COPY, ADD, WORKDIR) of the final stage and the stages it is built FROM.
// Layers of the base image find no instruction and stay unmapped.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "dockerfiles/syntax/position.h"
#include "dockerfiles/syntax/syntax_tree.h"

namespace imgslim::dockerfiles {

struct LayerStep {
  Position at;              // where the instruction starts
  std::string keyword;      // "RUN"
  std::string instruction;  // the logical line, continuations joined ("RUN npm ci")
};

// One entry per layer (same order as `created_by`).
std::vector<std::optional<LayerStep>> map_layers_to_steps(const Tree& dockerfile,
                                                          const std::vector<std::string>& created_by);

// "RUN /bin/sh -c npm ci # buildkit" -> {"RUN", "npm ci"};
// "/bin/sh -c #(nop) COPY dir:ab in /app " -> {"COPY", "dir:ab in /app"}.
struct HistoryStep {
  std::string keyword;
  std::string text;
};
HistoryStep parse_history_step(const std::string& created_by);

}  // namespace imgslim::dockerfiles
