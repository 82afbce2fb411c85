#include "dockerfiles/instructions/instruction_flags.h"

#include "dockerfiles/syntax/line_parsers.h"

namespace imgslim::dockerfiles {

std::optional<bool> parse_go_bool(const std::string& s) {
  if (s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" || s == "True") return true;
  if (s == "0" || s == "f" || s == "F" || s == "FALSE" || s == "false" || s == "False") return false;
  return std::nullopt;
}

void InstructionFlags::parse(const std::vector<std::string>& raw) {
  for (const std::string& a : raw) {
    if (a == "--") return;
    if (a.rfind("--", 0) != 0) throw LineError("arg should start with -- : " + a);
    std::size_t eq = a.find('=');
    std::string flag_name = a.substr(0, eq);
    bool has_value = eq != std::string::npos;
    std::string value = has_value ? a.substr(eq + 1) : "";
    std::string name = flag_name.substr(2);
    auto def = defs_.find(name);
    if (def == defs_.end()) throw LineError("unknown flag: " + flag_name);
    if (values_.count(name) && def->second != Type::Strings)
      throw LineError("duplicate flag specified: " + flag_name);
    switch (def->second) {
      case Type::Bool: {
        if (has_value && value.empty()) throw LineError("missing a value on flag: " + flag_name);
        std::string lower = go_lower(value);
        if (lower == "true" || lower.empty()) {
          values_[name] = {"true"};
        } else if (lower == "false") {
          values_[name] = {"false"};
        } else {
          throw LineError("expecting boolean value for flag " + flag_name + ", not: " + value);
        }
        break;
      }
      case Type::String:
        if (!has_value) throw LineError("missing a value on flag: " + flag_name);
        values_[name] = {value};
        break;
      case Type::Strings:
        if (!has_value) throw LineError("missing a value on flag: " + flag_name);
        values_[name].push_back(value);
        break;
    }
  }
}

bool InstructionFlags::boolean(const std::string& name) const {
  auto it = values_.find(name);
  return it != values_.end() && !it->second.empty() && it->second.back() == "true";
}

std::string InstructionFlags::string(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() || it->second.empty() ? "" : it->second.back();
}

std::vector<std::string> InstructionFlags::strings(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace imgslim::dockerfiles
