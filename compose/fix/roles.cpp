#include "compose/fix/roles.h"

#include <algorithm>
#include <set>

#include "compose/checks/checks.h"
#include "compose/model/units.h"

namespace imgslim::compose {
namespace {

// A name made of words (split at - _ .) one of which says "frontend".
bool frontend_name(const std::string& name) {
  static const std::set<std::string> words = {"frontend", "front", "web", "ui", "client", "vue", "vite",
                                              "spa", "static", "www", "app-ui"};
  std::string word;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    char c = i < name.size() ? static_cast<char>(std::tolower(static_cast<unsigned char>(name[i]))) : '-';
    if (c == '-' || c == '_' || c == '.') {
      if (words.count(word)) return true;
      word.clear();
    } else {
      word += c;
    }
  }
  return false;
}

}  // namespace

Role role_of(const Service& s) {
  if (is_database(s)) return Role::Database;
  if (is_n8n(s)) return Role::N8n;
  if (is_nginx(s)) return Role::Proxy;
  if (is_node(s) || s.builds) return frontend_name(s.name) ? Role::Frontend : Role::Api;
  return Role::Other;
}

const RoleSizing& sizing(Role role) {
  static const RoleSizing table[] = {
      {"database", 3, 256 * kMiB, 1024 * kMiB, 0.5, "10s", "5s", 5, "30s"},
      {"n8n", 3, 256 * kMiB, 1024 * kMiB, 0.5, "30s", "10s", 5, "60s"},
      {"Node API", 2, 128 * kMiB, 768 * kMiB, 0.5, "15s", "5s", 3, "30s"},
      {"frontend", 1, 64 * kMiB, 256 * kMiB, 0.25, "30s", "5s", 3, "20s"},
      {"proxy", 1, 32 * kMiB, 128 * kMiB, 0.25, "30s", "5s", 3, "10s"},
      {"other", 1, 64 * kMiB, 256 * kMiB, 0.25, "30s", "5s", 3, "30s"},
  };
  return table[static_cast<int>(role)];
}

}  // namespace imgslim::compose
