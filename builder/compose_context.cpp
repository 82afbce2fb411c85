#include "builder/compose_context.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "support/rooted_dir.h"

namespace imgslim::builder {
namespace fs = std::filesystem;
namespace {

fs::path canonical_or_empty(const fs::path& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(p, ec);
  return ec ? fs::path() : c;
}

// A plain scalar, "" for anything else or for values needing interpolation.
std::string scalar(const YAML::Node& n) {
  if (!n || !n.IsScalar()) return "";
  auto s = n.as<std::string>();
  return s.find('$') == std::string::npos ? s : "";
}

std::optional<ComposeBuild> match_in(const fs::path& file, const std::string& text, const fs::path& wanted) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  auto services = root["services"];
  if (!services || !services.IsMap()) return std::nullopt;
  for (const auto& entry : services) {
    auto build = entry.second.IsMap() ? entry.second["build"] : YAML::Node();
    if (!build) continue;
    std::string context, dockerfile = "Dockerfile";
    if (build.IsScalar()) {
      context = scalar(build);
    } else if (build.IsMap()) {
      context = build["context"] ? scalar(build["context"]) : ".";
      if (build["dockerfile"]) dockerfile = scalar(build["dockerfile"]);
    }
    if (context.empty() || dockerfile.empty() || context.find("://") != std::string::npos) continue;
    fs::path dir = canonical_or_empty(file.parent_path() / context);
    if (dir.empty() || canonical_or_empty(dir / dockerfile) != wanted) continue;
    return ComposeBuild{file.string(), scalar(entry.first), dir.string()};
  }
  return std::nullopt;
}

}  // namespace

std::optional<ComposeBuild> find_compose_build(const std::string& dockerfile, const std::vector<std::string>& folders) {
  fs::path wanted = canonical_or_empty(dockerfile);
  if (wanted.empty()) return std::nullopt;
  for (const auto& folder : folders)
    for (const char* name : {"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"}) {
      fs::path file = fs::path(folder.empty() ? "." : folder) / name;
      // Read inside its folder only: a link out of it, a FIFO or a device is no Compose file.
      RootedDir dir(folder.empty() ? "." : folder, "folder");
      auto text = dir.read(file.string());
      if (!text) continue;
      if (auto found = match_in(file, *text, wanted)) return found;
    }
  return std::nullopt;
}

}  // namespace imgslim::builder
