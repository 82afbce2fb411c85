// One Compose file as compose-go reads it before the -f files are merged:
// YAML (aliases bounded, merge keys), interpolation, schema validation, the
// canonical shapes merging expects, then `extends` resolved inside the file
// (so an override given by a later -f file cannot leak into services that
// extend the one it overrides), then `include:` imported (each included
// project with its own directory and env files, its services' relative
// paths made absolute). Internal to project.cpp and its tests.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "compose/model/interpolation.h"
#include "compose/model/value.h"

namespace imgslim::compose {

struct FileLoader {
  Environment env;                          // interpolation values of this (sub-)project
  std::set<std::string>* unset = nullptr;   // variables used without a value
  std::vector<std::string> include_chain;   // files that include this one, outermost first

  // The file with its own extends resolved and its includes imported.
  Value load(const std::string& path);

 private:
  std::map<std::string, Value> raw_;        // absolute path -> validated, normalised document

  Value& raw(const std::string& path);
  Value resolve_extends(const std::string& name, const Value& services, const std::string& file,
                        std::vector<std::string>& chain);
  void import_includes(Value& doc, const std::string& file);
};

// Paths in a service read from `from_dir` made absolute (volumes' bind
// sources, build context, env_file), so the project directory no longer matters.
void rebase_paths(Value& service, const std::string& from_dir);

std::string absolute_dir_of(const std::string& file);

}  // namespace imgslim::compose
