// dockerfiles/instructions/ — typed instructions and build stages (flags, RUN mounts, the shell
// commands of a RUN, the layer each step makes, their JSON form).
// May include: dockerfiles/syntax/, support/.
//
// Typed instructions derived from the syntax tree, grouped in build stages,
// as BuildKit's instructions package sees them: flags parsed and checked,
// variables expanded with the ARG/ENV scope in force at each instruction
// (global ARGs before the first FROM, ARGs re-declared in a stage, ENV
// visible to later instructions, predefined platform ARGs), stage names
// and --from references resolved.
#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dockerfiles/syntax/position.h"
#include "dockerfiles/syntax/syntax_tree.h"

namespace imgslim::dockerfiles {

// A command line: exec form (JSON array) or shell form (one string).
struct CommandLine {
  bool json = false;                // exec form
  std::vector<std::string> args;    // exec: the array; shell: exactly one string
  std::vector<Heredoc> heredocs;    // RUN <<EOF ... (shell form only)
  // "npm start" / "node dist/server.js": shell text, or exec args joined by spaces.
  std::string joined() const;
};

struct KeyValue {
  std::string key;
  std::string value;       // expanded, quotes removed
  std::string raw_value;   // as written (BuildKit AST value)
  bool legacy = false;     // "ENV KEY value" form (no '=')
};

struct ArgDecl {
  std::string key;
  std::optional<std::string> value;  // default, expanded
};

struct Mount {
  std::string type = "bind";          // bind | cache | tmpfs | secret | ssh
  std::string source;
  std::string target;
  std::string from;
  bool read_only = true;              // bind defaults to read-only; cache/tmpfs read-write
  std::string id;
  std::string sharing;                // cache: shared | private | locked
  std::string mode;                   // octal string as written ("0644")
  std::optional<long long> uid;
  std::optional<long long> gid;
  bool required = false;              // secret/ssh
  std::string env;                    // secret env=
  std::optional<long long> size_bytes;  // tmpfs size=
  std::vector<std::pair<std::string, std::string>> options;  // every key=value as written
};

struct FromInstr {
  std::string image;             // expanded ("node:20-alpine")
  std::string image_raw;         // as written ("node:${NODE_VERSION}-alpine")
  std::string stage_name;        // lowercased "AS name", or ""
  std::string platform;          // expanded --platform, or ""
};
struct RunInstr {
  CommandLine command;
  std::vector<Mount> mounts;
  std::string network;           // "", default | none | host
  std::string security;          // "", sandbox | insecure
  std::vector<std::string> devices;
};
struct CopyInstr {                // COPY and ADD
  bool is_add = false;
  std::vector<std::string> sources;   // expanded (heredoc sources are their names)
  std::string dest;
  bool json = false;
  std::vector<Heredoc> heredocs;
  std::string from;              // COPY --from, expanded ("" when absent)
  std::optional<std::size_t> from_stage;  // index of the stage --from names
  std::string chown;
  std::string chmod;
  bool link = false;
  bool parents = false;
  std::vector<std::string> excludes;
  std::string checksum;          // ADD --checksum
  bool keep_git_dir = false;     // ADD --keep-git-dir
  bool unpack = false;           // ADD --unpack
};
struct EnvInstr { std::vector<KeyValue> vars; };
struct LabelInstr { std::vector<KeyValue> labels; };
struct ArgInstr { std::vector<ArgDecl> args; };
struct CmdInstr { CommandLine command; };
struct EntrypointInstr { CommandLine command; };
struct ShellInstr { std::vector<std::string> shell; };
struct WorkdirInstr { std::string path; };
struct UserInstr { std::string user; };       // "node", "1000:1000"
struct ExposePort { std::string port; std::string protocol = "tcp"; };
struct ExposeInstr { std::vector<ExposePort> ports; };
struct VolumeInstr { std::vector<std::string> paths; };
struct StopSignalInstr { std::string signal; };
struct HealthcheckInstr {
  bool none = false;             // HEALTHCHECK NONE
  CommandLine test;              // CMD ... (exec or shell)
  std::string interval, timeout, start_period, start_interval;  // durations as written
  std::optional<int> retries;
};
struct OnbuildInstr {
  std::string trigger;           // "RUN npm ci" as written (after ONBUILD)
  std::string trigger_keyword;   // "RUN"
};
struct MaintainerInstr { std::string name; };

using InstructionDetail =
    std::variant<FromInstr, RunInstr, CopyInstr, EnvInstr, LabelInstr, ArgInstr, CmdInstr,
                 EntrypointInstr, ShellInstr, WorkdirInstr, UserInstr, ExposeInstr, VolumeInstr,
                 StopSignalInstr, HealthcheckInstr, OnbuildInstr, MaintainerInstr>;

struct Instruction {
  std::string keyword;           // upper-case: "RUN", "COPY", ...
  std::size_t node_index = 0;    // index into Tree::nodes
  Span span;                     // whole instruction (heredoc bodies included)
  Position keyword_at;           // where the keyword starts
  std::vector<std::string> flags;  // raw BuildKit flags ("--mount=type=cache,target=/x")
  InstructionDetail detail;

  template <class T> const T* as() const { return std::get_if<T>(&detail); }
};

struct Stage {
  std::size_t index = 0;
  std::string name;              // lowercased AS name, or ""
  FromInstr from;
  std::optional<std::size_t> base_stage;  // FROM names an earlier stage
  std::size_t from_instruction = 0;       // index of the FROM in `instructions`
  std::vector<Instruction> instructions;  // FROM first, then the stage's commands
  // Scope at the end of the stage (ARGs declared in it, ENV set so far).
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> args;
};

struct Dockerfile {
  std::vector<Instruction> meta_args;   // ARGs before the first FROM
  std::vector<Stage> stages;
  const Stage& final_stage() const { return stages.back(); }
  // Stage by name (case-insensitive) or decimal index, as --from resolves it.
  std::optional<std::size_t> find_stage(const std::string& name_or_index) const;
};

struct BuildOptions {
  std::map<std::string, std::string> build_args;   // --build-arg
  std::string target_platform = "linux/amd64";     // TARGETPLATFORM etc. derived
  std::string build_platform = "linux/amd64";
};

// Throws imgslim::Error("NAME:LINE:COL", problem) on what BuildKit rejects
// (unknown instruction, unknown flag, bad mount option, FROM arguments, ...).
Dockerfile build_instructions(const Tree& tree, const BuildOptions& options = {});

}  // namespace imgslim::dockerfiles
