// A minimal but faithful nginx configuration reader: directives with
// arguments, blocks, 'single'/"double" quoted strings with escapes,
// # comments, and `include` (globs, relative to the including file, or a
// container path mapped to a host file through the service's mounts).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compose/model/value.h"

namespace imgslim {
class RootedDir;
}

namespace imgslim::compose {

struct NginxDirective {
  std::string name;
  std::vector<std::string> args;
  Location where;
  bool block = false;
  std::vector<NginxDirective> children;
};

// Maps a path as nginx sees it (inside the container) to a host file, or
// std::nullopt when it is not available here (e.g. /etc/nginx/mime.types of the image).
using NginxPathMap = std::function<std::optional<std::string>(const std::string& container_path)>;

// Parses `path` (a host file) with includes expanded in place. Throws
// imgslim::Error("file:line", ...) on unbalanced braces, a missing ';',
// an unterminated string or include loops.
// With `root`, the file and its includes are resolved inside it (a symlink
// leading out of the project is no file, with a note in root->notes()).
std::vector<NginxDirective> read_nginx_config(const std::string& path, const NginxPathMap& map = {},
                                              RootedDir* root = nullptr);

// The same over text; `name` names it in errors and locations.
std::vector<NginxDirective> parse_nginx_config(const std::string& text, const std::string& name,
                                               const NginxPathMap& map = {});

}  // namespace imgslim::compose
