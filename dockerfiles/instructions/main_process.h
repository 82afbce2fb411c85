// The process the final stage starts (after an init such as dumb-init or
// tini, and through `sh -c`), shared by the runtime rules.
#pragma once
#include <string>

#include <vector>

#include "dockerfiles/instructions/instructions.h"
#include "dockerfiles/instructions/shell_commands.h"

namespace imgslim::dockerfiles {

struct MainProcess {
  const Instruction* at = nullptr;  // the CMD or ENTRYPOINT that decides it
  bool shell_form = false;
  bool has_init = false;
  std::string program;              // basename of the process the container runs
  std::string text;
  std::vector<std::string> words;   // its words (after the init, out of `sh -c`)
};

MainProcess main_process(const Stage& s);

}  // namespace imgslim::dockerfiles
