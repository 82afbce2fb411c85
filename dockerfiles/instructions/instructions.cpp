// Typed instructions and build stages from the syntax tree (BuildKit's
// instructions.Parse plus the variable scoping of dockerfile2llb).
#include "dockerfiles/instructions/instructions.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <variant>

#include "dockerfiles/instructions/go_duration.h"
#include "dockerfiles/instructions/instruction_flags.h"
#include "dockerfiles/instructions/unknown_instruction.h"
#include "dockerfiles/syntax/line_parsers.h"
#include "dockerfiles/instructions/run_mount.h"
#include "dockerfiles/syntax/shell_lexer.h"
#include "support/error.h"

namespace imgslim::dockerfiles {

std::string CommandLine::joined() const {
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i) out += ' ';
    out += args[i];
  }
  return out;
}

std::optional<std::size_t> Dockerfile::find_stage(const std::string& name_or_index) const {
  std::string lower = go_lower(name_or_index);
  for (const Stage& s : stages)
    if (!s.name.empty() && s.name == lower) return s.index;
  if (!name_or_index.empty() &&
      std::all_of(name_or_index.begin(), name_or_index.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      name_or_index.size() < 9) {
    std::size_t i = std::stoul(name_or_index);
    if (i < stages.size()) return i;
  }
  return std::nullopt;
}

namespace {

const std::vector<std::string> kPlatformArgs = {"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
                                                "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
                                                "TARGETSTAGE"};

bool valid_stage_name(const std::string& s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

void split_platform(const std::string& platform, const std::string& prefix, std::map<std::string, std::string>& out) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t slash = platform.find('/', start);
    parts.push_back(platform.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  out[prefix + "PLATFORM"] = platform;
  out[prefix + "OS"] = parts.size() > 0 ? parts[0] : "";
  out[prefix + "ARCH"] = parts.size() > 1 ? parts[1] : "";
  out[prefix + "VARIANT"] = parts.size() > 2 ? parts[2] : "";
}

class StageBuilder {
 public:
  StageBuilder(const Tree& tree, const BuildOptions& options)
      : tree_(tree), options_(options), lexer_(tree.escape) {
    split_platform(options.build_platform, "BUILD", predefined_);
    split_platform(options.target_platform, "TARGET", predefined_);
    for (const auto& [k, v] : predefined_) global_.set(k, v);
  }

  Dockerfile run() {
    for (std::size_t i = 0; i < tree_.nodes.size(); ++i) {
      const Node& node = tree_.nodes[i];
      if (node.kind != NodeKind::Instruction) continue;
      try {
        add(i, node);
      } catch (const LineError& e) {
        fail(node, e.what());
      } catch (const ShellError& e) {
        fail(node, e.what());
      }
    }
    if (out_.stages.empty()) throw Error(tree_.name, "no build stage in current context (no FROM instruction)");
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail(const Node& node, const std::string& problem) const {
    Position at = node.span.begin;
    if (auto kw = node.pieces_of(PieceKind::Keyword); !kw.empty()) at = kw.front()->span.begin;
    throw Error(format_location(tree_.name, at), problem);
  }

  // Stage scope: ENV overrides ARG of the same name.
  Environment scope() const {
    Environment env;
    for (const auto& [k, v] : stage_args_) env.set(k, v);
    for (const auto& [k, v] : stage_env_) env.set(k, v);
    return env;
  }

  std::string expand(const std::string& word, const Environment& env) const {
    return lexer_.process_word(word, env);
  }

  void add(std::size_t index, const Node& node) {
    const AstNode& ast = node.ast;
    const std::string kw = go_upper(ast.value);
    Instruction ins;
    ins.keyword = kw;
    ins.node_index = index;
    ins.span = node.span;
    ins.keyword_at = node.span.begin;
    if (auto k = node.pieces_of(PieceKind::Keyword); !k.empty()) ins.keyword_at = k.front()->span.begin;
    ins.flags = ast.flags;

    if (kw == "FROM") {
      ins.detail = parse_from(ast);
      start_stage(std::move(ins));
      return;
    }
    if (kw == "ARG") {
      ArgInstr arg = parse_arg(ast);
      if (out_.stages.empty()) {
        for (ArgDecl& d : arg.args) {
          auto given = options_.build_args.find(d.key);
          if (given != options_.build_args.end()) {
            d.value = given->second;
          } else if (d.value) {
            d.value = expand(*d.value, global_);
          }
          if (d.value) {
            global_.set(d.key, *d.value);
            meta_values_[d.key] = *d.value;
          }
        }
        ins.detail = std::move(arg);
        out_.meta_args.push_back(std::move(ins));
        return;
      }
      Environment env = scope();
      for (ArgDecl& d : arg.args) {
        auto given = options_.build_args.find(d.key);
        if (given != options_.build_args.end()) {
          d.value = given->second;
        } else if (d.value) {
          d.value = expand(*d.value, env);
        } else if (auto meta = meta_values_.find(d.key); meta != meta_values_.end()) {
          d.value = meta->second;
        } else if (auto pre = predefined_.find(d.key); pre != predefined_.end()) {
          d.value = pre->second;
        }
        if (d.value) stage_args_[d.key] = *d.value;
      }
      ins.detail = std::move(arg);
      push(std::move(ins));
      return;
    }
    // As BuildKit: the instruction is parsed (an unknown one, a bad flag or
    // value is reported) before the missing stage is.
    Environment env = scope();
    const auto ex = [&](const std::string& w) { return expand(w, env); };

    if (kw == "RUN") {
      ins.detail = parse_run(ast, ex);
    } else if (kw == "COPY" || kw == "ADD") {
      ins.detail = parse_copy(ast, kw == "ADD", ex);
    } else if (kw == "ENV") {
      EnvInstr e;
      no_flags(ast);
      e.vars = kvps(ast, "ENV", ex);
      for (const KeyValue& kv : e.vars) stage_env_[kv.key] = kv.value;
      ins.detail = std::move(e);
    } else if (kw == "LABEL") {
      no_flags(ast);
      ins.detail = LabelInstr{kvps(ast, "LABEL", ex)};
    } else if (kw == "CMD") {
      no_flags(ast);
      ins.detail = CmdInstr{command_line(ast)};
    } else if (kw == "ENTRYPOINT") {
      no_flags(ast);
      ins.detail = EntrypointInstr{command_line(ast)};
    } else if (kw == "SHELL") {
      no_flags(ast);
      if (ast.args.empty()) throw LineError("SHELL requires at least one argument");
      if (!ast.json) throw LineError("SHELL requires the arguments to be in JSON form");
      ins.detail = ShellInstr{ast.args};
    } else if (kw == "WORKDIR") {
      no_flags(ast);
      exactly_one(ast, "WORKDIR");
      ins.detail = WorkdirInstr{ex(ast.args[0])};
    } else if (kw == "USER") {
      no_flags(ast);
      exactly_one(ast, "USER");
      ins.detail = UserInstr{ex(ast.args[0])};
    } else if (kw == "EXPOSE") {
      no_flags(ast);
      if (ast.args.empty()) throw LineError("EXPOSE requires at least one argument");
      ExposeInstr e;
      for (const std::string& a : ast.args) {
        for (const std::string& w : lexer_.process_words(a, env)) {
          ExposePort p;
          std::size_t slash = w.find('/');
          p.port = w.substr(0, slash);
          if (slash != std::string::npos) p.protocol = go_lower(w.substr(slash + 1));
          e.ports.push_back(p);
        }
      }
      ins.detail = std::move(e);
    } else if (kw == "VOLUME") {
      no_flags(ast);
      if (ast.args.empty()) throw LineError("VOLUME requires at least one argument");
      VolumeInstr v;
      for (const std::string& a : ast.args) {
        std::string p(go_trim_space(ex(a)));
        if (p.empty()) throw LineError("VOLUME specified can not be an empty string");
        v.paths.push_back(p);
      }
      ins.detail = std::move(v);
    } else if (kw == "STOPSIGNAL") {
      exactly_one(ast, "STOPSIGNAL");
      ins.detail = StopSignalInstr{ex(ast.args[0])};
    } else if (kw == "HEALTHCHECK") {
      ins.detail = parse_healthcheck(ast);
    } else if (kw == "ONBUILD") {
      no_flags(ast);
      if (!ast.sub) throw LineError("ONBUILD requires at least one argument");
      std::string trigger = go_upper(ast.sub->value);
      if (trigger == "ONBUILD") throw LineError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      if (trigger == "MAINTAINER" || trigger == "FROM")
        throw LineError(trigger + " isn't allowed as an ONBUILD trigger");
      ins.detail = OnbuildInstr{std::string(go_trim_space(ast.sub->original)), trigger};
    } else if (kw == "MAINTAINER") {
      no_flags(ast);
      exactly_one(ast, "MAINTAINER");
      ins.detail = MaintainerInstr{ast.args[0]};
    } else {
      throw LineError(unknown_instruction(ast.value));
    }
    push(std::move(ins));
  }

  void push(Instruction ins) {
    if (out_.stages.empty()) throw LineError("no build stage in current context");
    out_.stages.back().instructions.push_back(std::move(ins));
    finish_scope();
  }

  void finish_scope() {
    Stage& s = out_.stages.back();
    s.env = stage_env_;
    s.args = stage_args_;
  }

  static void no_flags(const AstNode& ast) {
    InstructionFlags f;
    f.parse(ast.flags);
  }

  static void exactly_one(const AstNode& ast, const std::string& name) {
    if (ast.args.size() != 1) throw LineError(name + " requires exactly one argument");
  }

  FromInstr parse_from(const AstNode& ast) {
    FromInstr f;
    if (ast.args.size() == 3 && go_lower(ast.args[1]) == "as") {
      f.stage_name = go_lower(ast.args[2]);
      if (!valid_stage_name(f.stage_name))
        throw LineError("invalid name for build stage: \"" + ast.args[2] +
                        "\", name can't start with a number or contain symbols");
    } else if (ast.args.size() != 1) {
      throw LineError("FROM requires either one or three arguments");
    }
    InstructionFlags flags;
    flags.add("platform", InstructionFlags::Type::String);
    flags.parse(ast.flags);
    f.image_raw = ast.args[0];
    f.image = expand(ast.args[0], global_);
    if (f.image.empty()) throw LineError("base name (" + ast.args[0] + ") should not be blank");
    f.platform = expand(flags.string("platform"), global_);
    return f;
  }

  void start_stage(Instruction ins) {
    const FromInstr& from = std::get<FromInstr>(ins.detail);
    Stage s;
    s.index = out_.stages.size();
    s.name = from.stage_name;
    s.from = from;
    s.base_stage = find_stage(from.image);
    if (s.base_stage && !out_.stages[*s.base_stage].name.empty() && go_lower(from.image) == out_.stages[*s.base_stage].name) {
      stage_env_ = out_.stages[*s.base_stage].env;
    } else {
      s.base_stage.reset();
      stage_env_.clear();
    }
    stage_args_.clear();
    s.from_instruction = 0;
    s.instructions.push_back(std::move(ins));
    if (!s.name.empty()) stage_by_name_.try_emplace(s.name, s.index);
    out_.stages.push_back(std::move(s));
    finish_scope();
  }

  // Dockerfile::find_stage through an index of the names: a Dockerfile with
  // thousands of stages must not cost a scan of all of them per FROM/COPY.
  std::optional<std::size_t> find_stage(const std::string& name_or_index) const {
    auto it = stage_by_name_.find(go_lower(name_or_index));
    if (it != stage_by_name_.end()) return it->second;
    // By number: never a name here (names start with a letter), so no scan.
    if (name_or_index.empty() || !std::isdigit(static_cast<unsigned char>(name_or_index[0]))) return std::nullopt;
    return out_.find_stage(name_or_index);
  }

  static ArgInstr parse_arg(const AstNode& ast) {
    no_flags(ast);
    if (ast.args.empty()) throw LineError("ARG requires at least one argument");
    ArgInstr a;
    for (const std::string& w : ast.args) {
      ArgDecl d;
      std::size_t eq = w.find('=');
      if (eq != std::string::npos) {
        if (eq == 0) throw LineError("ARG names can not be blank");
        d.key = w.substr(0, eq);
        d.value = w.substr(eq + 1);
      } else {
        d.key = w;
      }
      a.args.push_back(std::move(d));
    }
    return a;
  }

  template <class Expand>
  static std::vector<KeyValue> kvps(const AstNode& ast, const std::string& name, const Expand& ex) {
    if (ast.args.empty()) throw LineError(name + " requires at least one argument");
    if (ast.args.size() % 3 != 0) throw LineError("Bad input to " + name + ", too many arguments");
    std::vector<KeyValue> out;
    for (std::size_t j = 0; j < ast.args.size(); j += 3) {
      if (ast.args[j].empty()) throw LineError(name + " names can not be blank");
      KeyValue kv;
      kv.key = ex(ast.args[j]);
      kv.raw_value = ast.args[j + 1];
      kv.value = ex(ast.args[j + 1]);
      kv.legacy = ast.args[j + 2].empty();
      out.push_back(std::move(kv));
    }
    return out;
  }

  static CommandLine command_line(const AstNode& ast) {
    CommandLine c;
    c.json = ast.json;
    c.args = ast.args;
    if (!c.json && c.args.size() > 1) c.args = {c.joined()};
    c.heredocs = ast.heredocs;
    return c;
  }

  template <class Expand>
  static RunInstr parse_run(const AstNode& ast, const Expand& ex) {
    InstructionFlags flags;
    flags.add("mount", InstructionFlags::Type::Strings);
    flags.add("network", InstructionFlags::Type::String);
    flags.add("security", InstructionFlags::Type::String);
    flags.add("device", InstructionFlags::Type::Strings);
    flags.parse(ast.flags);
    RunInstr r;
    r.command = command_line(ast);
    for (const std::string& m : flags.strings("mount")) r.mounts.push_back(parse_mount(m, ex));
    if (flags.used("network")) {
      r.network = ex(flags.string("network"));
      if (r.network != "default" && r.network != "none" && r.network != "host")
        throw LineError("invalid network mode \"" + r.network + "\"");
    }
    if (flags.used("security")) {
      r.security = ex(flags.string("security"));
      if (r.security != "sandbox" && r.security != "insecure")
        throw LineError("security \"" + r.security + "\" is not valid");
    }
    for (const std::string& d : flags.strings("device")) r.devices.push_back(ex(d));
    return r;
  }

  template <class Expand>
  CopyInstr parse_copy(const AstNode& ast, bool is_add, const Expand& ex) {
    const std::string name = is_add ? "ADD" : "COPY";
    if (ast.args.size() < 2)
      throw LineError(name + " requires at least two arguments, but only one was provided. Destination could not be determined");
    InstructionFlags flags;
    using T = InstructionFlags::Type;
    flags.add("chown", T::String);
    flags.add("chmod", T::String);
    flags.add("link", T::Bool);
    flags.add("exclude", T::Strings);
    if (is_add) {
      flags.add("keep-git-dir", T::Bool);
      flags.add("checksum", T::String);
      flags.add("unpack", T::Bool);
    } else {
      flags.add("from", T::String);
      flags.add("parents", T::Bool);
    }
    flags.parse(ast.flags);
    CopyInstr c;
    c.is_add = is_add;
    c.json = ast.json;
    c.heredocs = ast.heredocs;
    std::string dest = ast.args.back();
    if (parse_heredoc(dest)) throw LineError(name + " cannot accept a heredoc as a destination");
    c.dest = ex(dest);
    for (std::size_t i = 0; i + 1 < ast.args.size(); ++i) {
      if (auto h = parse_heredoc(ast.args[i])) {
        c.sources.push_back(h->name);
      } else {
        c.sources.push_back(ex(ast.args[i]));
      }
    }
    c.chown = ex(flags.string("chown"));
    c.chmod = ex(flags.string("chmod"));
    c.link = flags.boolean("link");
    for (const std::string& e : flags.strings("exclude")) c.excludes.push_back(ex(e));
    if (is_add) {
      c.keep_git_dir = flags.boolean("keep-git-dir");
      c.checksum = ex(flags.string("checksum"));
      c.unpack = flags.boolean("unpack");
    } else {
      c.parents = flags.boolean("parents");
      c.from = ex(flags.string("from"));
      if (!c.from.empty()) {
        auto st = find_stage(c.from);
        if (st && *st < out_.stages.size() - 1) c.from_stage = st;
        if (st && *st == out_.stages.size() - 1)
          throw LineError("circular dependency detected on stage: " + out_.stages.back().name);
      }
    }
    return c;
  }

  static HealthcheckInstr parse_healthcheck(const AstNode& ast) {
    if (ast.args.empty()) throw LineError("HEALTHCHECK requires at least one argument");
    HealthcheckInstr h;
    std::string typ = go_upper(ast.args[0]);
    if (typ == "NONE") {
      if (ast.args.size() != 1) throw LineError("HEALTHCHECK NONE takes no arguments");
      no_flags(ast);
      h.none = true;
      return h;
    }
    InstructionFlags flags;
    for (const char* f : {"interval", "timeout", "start-period", "start-interval", "retries"})
      flags.add(f, InstructionFlags::Type::String);
    flags.parse(ast.flags);
    if (typ != "CMD") throw LineError("Unknown type \"" + typ + "\" in HEALTHCHECK (try CMD)");
    h.test.json = ast.json;
    h.test.args.assign(ast.args.begin() + 1, ast.args.end());
    if (h.test.args.empty()) throw LineError("Missing command after HEALTHCHECK CMD");
    h.interval = flags.string("interval");
    h.timeout = flags.string("timeout");
    h.start_period = flags.string("start-period");
    h.start_interval = flags.string("start-interval");
    // Checked as BuildKit checks them, in its order and with its words.
    for (const auto& [name, value] : {std::pair<const char*, const std::string&>{"interval", h.interval},
                                      {"timeout", h.timeout},
                                      {"start-period", h.start_period},
                                      {"start-interval", h.start_interval}}) {
      if (value.empty()) continue;
      auto d = go_parse_duration(value);
      if (auto* problem = std::get_if<std::string>(&d)) throw LineError(*problem);
      const std::int64_t ns = std::get<std::int64_t>(d);
      if (ns != 0 && ns < 1000000) throw LineError(std::string("Interval \"") + name + "\" cannot be less than 1ms");
    }
    if (flags.used("retries") && !flags.string("retries").empty()) {
      auto r = go_parse_int32(flags.string("retries"));
      if (auto* problem = std::get_if<std::string>(&r)) throw LineError(*problem);
      const std::int32_t v = std::get<std::int32_t>(r);
      if (v < 0) throw LineError("--retries cannot be negative (" + std::to_string(v) + ")");
      h.retries = v;
    }
    return h;
  }

  const Tree& tree_;
  const BuildOptions& options_;
  ShellLexer lexer_;
  Dockerfile out_;
  Environment global_;
  std::map<std::string, std::string> predefined_;
  std::map<std::string, std::string> meta_values_;
  std::map<std::string, std::string> stage_args_;
  std::map<std::string, std::string> stage_env_;
  std::unordered_map<std::string, std::size_t> stage_by_name_;  // first stage of each name
};

}  // namespace

Dockerfile build_instructions(const Tree& tree, const BuildOptions& options) {
  // The escape directive also applies to word expansion.
  return StageBuilder(tree, options).run();
}

}  // namespace imgslim::dockerfiles
