// A build context's .dockerignore as the engine applies it when it sends the
// context: one pattern a line (`#` comments, blank lines skipped), cleaned and
// relative to the context root (a leading `/` dropped), `*`, `?`, `[…]` within
// one path element and `**` across them; a pattern matches a path or any
// folder above it (`node_modules` drops everything under it); `!pattern`
// takes a path back; the last matching line decides. Unlike .gitignore, a
// pattern without `/` matches at the root only (`*.md` leaves docs/a.md in).
#pragma once
#include <string>
#include <vector>

namespace imgslim::builder {

class DockerignoreRules {
 public:
  DockerignoreRules() = default;
  // The rules of `context`/.dockerignore; none when the file is missing.
  static DockerignoreRules read(const std::string& context);
  static DockerignoreRules parse(const std::string& text);

  // `path` is context-relative with `/` separators ("src/server.ts").
  bool excluded(const std::string& path) const;
  // True when a `!` line may take back something below an excluded folder,
  // so that folder must still be walked.
  bool has_exceptions() const { return has_exceptions_; }

 private:
  struct Rule {
    std::string pattern;
    bool exception = false;
  };
  std::vector<Rule> rules_;
  bool has_exceptions_ = false;
};

}  // namespace imgslim::builder
