#include "compose/model/service_images.h"

#include <cctype>

namespace imgslim::compose {
namespace {

// Transports whose rest is a file path.
constexpr const char* kFileTransports[] = {"docker-archive:", "oci-archive:", "oci:"};

std::string resolve_file_ref(const Project& project, const std::string& ref) {
  for (const char* t : kFileTransports) {
    std::string prefix = t;
    if (ref.rfind(prefix, 0) != 0) continue;
    std::string rest = ref.substr(prefix.size());
    if (rest.empty() || rest[0] == '/') return ref;
    return prefix + project.resolve_path(rest);
  }
  return ref;
}

}  // namespace

std::string normalize_project_name(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    char l = static_cast<char>(std::tolower(c));
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '_' || l == '-') out += l;
  }
  std::size_t start = out.find_first_not_of("_-");
  return start == std::string::npos ? "" : out.substr(start);
}

std::vector<ServiceImage> service_images(const Project& project, const std::vector<Service>& services,
                                         const std::map<std::string, std::string>& overrides) {
  std::vector<ServiceImage> out;
  for (const auto& s : services) {
    ServiceImage si;
    si.service = s.name;
    if (auto it = overrides.find(s.name); it != overrides.end()) {
      si.ref = resolve_file_ref(project, it->second);
      si.origin = "override";
      si.where = s.at({"image"});
    } else if (!s.image.empty()) {
      si.ref = resolve_file_ref(project, s.image);
      si.origin = "image";
      si.where = s.at({"image"});
    } else if (s.builds) {
      si.ref = project.name + "-" + s.name;
      si.origin = "build";
      si.where = s.at({"build"});
    } else {
      si.where = s.at({});
    }
    out.push_back(std::move(si));
  }
  return out;
}

}  // namespace imgslim::compose
