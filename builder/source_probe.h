// The source-only change a rebuild is timed after: one file of the app's
// own source (not a manifest, not a lockfile, not a build output) gets a
// comment line appended, so its content changes the way an edit does while
// the program stays the same. BuildKit keys COPY steps on file contents, so
// touching the time alone would change nothing.
//
// The file: the first code file (.ts, .js, .vue, .css, …, by name, files
// before subfolders) under the first of src/, app/, lib/, server/, source/
// at the context root, else under a workspace's src/ (packages/api/src),
// else at the root itself (not a *.config.* file); never below
// node_modules/, dist/, build/, vendor/ or what .dockerignore drops.
#pragma once
#include <optional>
#include <string>

#include "builder/dockerignore_rules.h"

namespace imgslim::builder {

struct SourceProbe {
  std::string file;     // context-relative, `/` separators
  std::string comment;  // "/* %s */", "<!-- %s -->" or "# %s": %s is the probe's text
};

// Looks in `dir` (a build context or its scratch copy).
std::optional<SourceProbe> find_source_probe(const std::string& dir, const DockerignoreRules& ignore);

// The folders find_source_probe looks in, for messages ("src/, app/, …").
std::string source_probe_places();

// The file's content with the probe's comment line (carrying `text`) added at the end.
std::string probe_content(const std::string& content, const SourceProbe& probe, const std::string& text);

}  // namespace imgslim::builder
