// BuildKit's BFlags: the "--name[=value]" flags of one instruction, checked
// against the flags that instruction accepts. Internal to instructions.cpp.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace imgslim::dockerfiles {

class InstructionFlags {
 public:
  enum class Type { Bool, String, Strings };

  void add(const std::string& name, Type type) { defs_[name] = type; }
  // Throws LineError("unknown flag: --x", "missing a value on flag: --x", ...).
  void parse(const std::vector<std::string>& raw);

  bool used(const std::string& name) const { return values_.count(name) != 0; }
  bool boolean(const std::string& name) const;
  std::string string(const std::string& name) const;
  std::vector<std::string> strings(const std::string& name) const;

 private:
  std::map<std::string, Type> defs_;
  std::map<std::string, std::vector<std::string>> values_;
};

// Go's strconv.ParseBool.
std::optional<bool> parse_go_bool(const std::string& s);

}  // namespace imgslim::dockerfiles
