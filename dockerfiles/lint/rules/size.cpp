// Size rules: multi-stage, prod-deps, cache-mounts, layer-order,
// slim-base, dockerignore (ids shared with the analyzer and the rewriter).
#include <algorithm>
#include <filesystem>

#include "dockerfiles/lint/context.h"
#include "support/rooted_dir.h"

namespace imgslim::dockerfiles {

namespace {

bool has_cache_mount(const RunInstr& r) {
  for (const Mount& m : r.mounts)
    if (m.type == "cache") return true;
  return false;
}

bool mentions(const std::vector<SimpleCommand>& cmds, std::string_view needle) {
  for (const auto& c : cmds)
    if (c.text.find(needle) != std::string::npos) return true;
  return false;
}

bool is_prune(const SimpleCommand& c) {
  if (c.words.size() < 2) return false;
  if (c.words[0] == "npm" && c.words[1] == "prune")
    return has_word(c, "--production") || has_word(c, "--omit=dev") || has_word(c, "--prod");
  if (c.words[0] == "pnpm" && c.words[1] == "prune") return has_word(c, "--prod");
  return false;
}

void multi_stage(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  for (const Instruction& ins : final.instructions) {
    const RunInstr* r = ins.as<RunInstr>();
    if (!r) continue;
    for (const SimpleCommand& c : commands_of(r->command)) {
      if (!is_build_command(c)) continue;
      out.add("multi-stage", ins,
              "the final stage runs `" + c.text + "`: the compiler, dev dependencies and sources ship in the image",
              "build in a `FROM ... AS build` stage, then `COPY --from=build /app/dist ./dist` into a slim runtime stage");
      break;
    }
  }
}

void prod_deps(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  std::string node_env;
  if (final.base_stage) {
    const auto& env = in.dockerfile.stages[*final.base_stage].env;
    if (auto it = env.find("NODE_ENV"); it != env.end()) node_env = it->second;
  }
  std::vector<std::pair<const Instruction*, std::string>> installs;
  bool pruned_after = false;
  for (const Instruction& ins : final.instructions) {
    if (const EnvInstr* e = ins.as<EnvInstr>())
      for (const KeyValue& kv : e->vars)
        if (kv.key == "NODE_ENV") node_env = kv.value;
    const RunInstr* r = ins.as<RunInstr>();
    if (!r) continue;
    std::string line = r->command.joined();
    for (const SimpleCommand& c : commands_of(r->command)) {
      if (is_prune(c)) pruned_after = true;
      if (installs_dev_deps(c) && node_env != "production" && line.find("NODE_ENV=production") == std::string::npos) {
        installs.emplace_back(&ins, c.text);
        pruned_after = false;
      }
    }
  }
  if (pruned_after) return;
  for (auto& [ins, text] : installs)
    out.add("prod-deps", *ins, "`" + text + "` installs dev dependencies into the final image",
            "use `npm ci --omit=dev` (yarn: `--production`, pnpm: `--prod`) in the final stage, or install in a "
            "build stage and copy only production node_modules");
}

void cache_mounts(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  bool pip_env = final.env.count("PIP_NO_CACHE_DIR") != 0;
  for (const Instruction& ins : final.instructions) {
    const RunInstr* r = ins.as<RunInstr>();
    if (!r || has_cache_mount(*r)) continue;
    auto cmds = commands_of(r->command);
    for (const SimpleCommand& c : cmds) {
      std::string what;
      if (is_npm_install(c)) {
        const std::string& tool = c.words[0];
        bool cleaned = (tool == "npm" && (mentions(cmds, "npm cache clean") || mentions(cmds, ".npm"))) ||
                       (tool == "yarn" && (mentions(cmds, "yarn cache clean") || mentions(cmds, ".cache/yarn"))) ||
                       (tool == "pnpm" && (mentions(cmds, "pnpm store prune") || mentions(cmds, "pnpm-store")));
        if (!cleaned) what = tool;
      } else if (c.words.size() > 1 && (c.words[0] == "pip" || c.words[0] == "pip3") && c.words[1] == "install") {
        if (!has_word(c, "--no-cache-dir") && !pip_env) what = "pip";
      } else if (c.words.size() > 1 && c.words[0] == "apk" && c.words[1] == "add") {
        if (!has_word(c, "--no-cache") && !mentions(cmds, "/var/cache/apk")) what = "apk";
      }
      if (what.empty()) continue;
      std::string target = what == "npm"    ? "/root/.npm"
                           : what == "yarn" ? "/usr/local/share/.cache/yarn"
                           : what == "pnpm" ? "/root/.local/share/pnpm/store"
                           : what == "pip"  ? "/root/.cache/pip"
                                            : "/var/cache/apk";
      out.add("cache-mounts", ins, "`" + c.text + "` leaves the " + what + " cache in the layer",
              "RUN --mount=type=cache,target=" + target + " " + c.text);
      break;
    }
  }
}

void layer_order(const LintInput& in, Reporter& out) {
  for (const Stage& s : in.dockerfile.stages) {
    const Instruction* whole = nullptr;
    for (const Instruction& ins : s.instructions) {
      if (const CopyInstr* c = ins.as<CopyInstr>()) {
        if (!whole && copies_whole_context(*c)) whole = &ins;
        continue;
      }
      const RunInstr* r = ins.as<RunInstr>();
      if (!r || !whole) continue;
      for (const SimpleCommand& c : commands_of(r->command)) {
        bool pip_req = c.words.size() > 2 && (c.words[0] == "pip" || c.words[0] == "pip3") &&
                       c.words[1] == "install" && (has_word(c, "-r") || has_word_prefix(c, "--requirement"));
        if (!is_npm_install(c) && !pip_req) continue;
        out.add("layer-order", *whole,
                "the whole context is copied before `" + c.text +
                    "` (line " + std::to_string(ins.keyword_at.line) +
                    "): any source change re-runs the dependency install",
                "COPY package.json package-lock.json ./ then RUN npm ci, then COPY . .");
        whole = nullptr;
        break;
      }
      if (!whole) break;
    }
  }
}

void slim_base(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  if (final.base_stage) return;
  std::string name = base_image_name(final.from.image);
  static const std::vector<std::string> full = {"node", "python", "golang", "ruby", "openjdk", "php", "rust",
                                                "gcc", "buildpack-deps", "maven", "gradle", "eclipse-temurin"};
  if (std::find(full.begin(), full.end(), name) == full.end()) return;
  std::string image = final.from.image;
  std::size_t colon = image.rfind(':');
  std::string tag = colon == std::string::npos || image.find('/', colon) != std::string::npos ? "" : image.substr(colon + 1);
  for (const char* slim : {"slim", "alpine", "distroless", "chiseled", "minimal"})
    if (tag.find(slim) != std::string::npos) return;
  std::string suggestion = name + ":" + (tag.empty() || tag == "latest" ? "lts" : tag) + "-slim";
  out.add("slim-base", final.instructions.front(),
          "the final stage is based on " + image + ", the full image with compilers and build tools",
          "FROM " + suggestion + " (or an -alpine / distroless variant) for the runtime stage");
}

void dockerignore(const LintInput& in, Reporter& out) {
  if (in.options.context_dir.empty()) return;
  // Both files are resolved as BuildKit resolves them: inside the context
  // (or the Dockerfile's folder), a symlink leading out of it is no file.
  RootedDir context(in.options.context_dir, "build context");
  bool found = context.is_file((std::filesystem::path(in.options.context_dir) / ".dockerignore").string());
  std::vector<std::string> notes = context.notes();
  if (!found && !in.options.dockerfile_path.empty()) {
    std::string folder = std::filesystem::path(in.options.dockerfile_path).parent_path().string();
    RootedDir beside(folder.empty() ? "." : folder, "Dockerfile's folder");
    found = beside.is_file(in.options.dockerfile_path + ".dockerignore");
    notes.insert(notes.end(), beside.notes().begin(), beside.notes().end());
  }
  if (in.options.notes) in.options.notes->insert(in.options.notes->end(), notes.begin(), notes.end());
  if (found) return;
  for (const Stage& s : in.dockerfile.stages)
    for (const Instruction& ins : s.instructions)
      if (const CopyInstr* c = ins.as<CopyInstr>(); c && copies_whole_context(*c)) {
        out.add("dockerignore", ins,
                "the whole context is copied and " + in.options.context_dir +
                    " has no .dockerignore: node_modules, .git, .env and build output go into the image",
                "add a .dockerignore with node_modules, .git, .env*, dist, coverage, *.log");
        return;
      }
}

}  // namespace

void check_size_rules(const LintInput& in, Reporter& out) {
  multi_stage(in, out);
  prod_deps(in, out);
  cache_mounts(in, out);
  layer_order(in, out);
  slim_base(in, out);
  dockerignore(in, out);
}

}  // namespace imgslim::dockerfiles
