// Test helper: fixture presets written to disk in every form, analysed through
// the real readers (oci::open_image) and the real scan.
#pragma once
#include <filesystem>
#include <string>

#include "analyzers/analysis.h"
#include "fixtures/presets.h"

namespace imgslim::analyzers::testing {

inline std::string scratch_dir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(IMGSLIM_BUILD_DIR) / "test-tmp" / "analyzers" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

inline const char* form_name(fixtures::Form form) {
  switch (form) {
    case fixtures::Form::OciLayout: return "oci";
    case fixtures::Form::OciArchive: return "oci-archive";
    case fixtures::Form::DockerArchive: return "docker-archive";
    case fixtures::Form::DockerArchiveLegacy: return "docker-archive-legacy";
  }
  return "?";
}

inline constexpr fixtures::Form kAllForms[] = {fixtures::Form::OciLayout, fixtures::Form::OciArchive,
                                               fixtures::Form::DockerArchive, fixtures::Form::DockerArchiveLegacy};

// Writes `layout` in `form` under `dir`; returns the reference to open it.
inline std::string write_fixture(const fixtures::Layout& layout, fixtures::Form form, const std::string& dir) {
  std::filesystem::create_directories(dir);
  std::string path = dir + "/" + form_name(form) + (form == fixtures::Form::OciLayout ? "" : ".tar");
  fixtures::write_layout(layout, form, path);
  return fixtures::transport_ref(form, path);
}

inline Analysis analyze_ref(const std::string& ref, const std::string& platform = "", bool verify = true,
                            bool push_size = false) {
  oci::OpenOptions open;
  open.platform = platform;
  open.verify = verify;
  auto image = oci::open_image(ref, open);
  ScanOptions scan;
  scan.verify = verify;
  scan.push_size = push_size;
  return analyze_image(*image, scan);
}

// Sum of the content sizes a spec image declares (independent of the scan).
inline std::uint64_t spec_bytes(const fixtures::Image& img) {
  std::uint64_t sum = 0;
  for (const auto& l : img.layers)
    for (const auto& e : l.entries) sum += e.content.size();
  return sum;
}

}  // namespace imgslim::analyzers::testing
