// The typed instructions as JSON (`imgslim parse --format json`): stages,
// instructions with their line:column positions and every parsed field.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include "dockerfiles/instructions/instructions.h"

namespace imgslim::dockerfiles {

nlohmann::json to_json(const Tree& tree, const Dockerfile& dockerfile);

}  // namespace imgslim::dockerfiles
