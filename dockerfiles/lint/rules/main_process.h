// The process the final stage starts (after an init such as dumb-init or
// tini, and through `sh -c`), shared by the runtime rules.
#pragma once
#include <string>

#include "dockerfiles/lint/context.h"

namespace imgslim::dockerfiles {

struct MainProcess {
  const Instruction* at = nullptr;  // the CMD or ENTRYPOINT that decides it
  bool shell_form = false;
  bool has_init = false;
  std::string program;              // basename of the process the container runs
  std::string text;
};

MainProcess main_process(const Stage& s);

}  // namespace imgslim::dockerfiles
