// Lexical cleaning of paths inside layers and archives, as the merged image
// filesystem sees them: "./usr//lib/" -> "usr/lib", "/a/../b" -> "b",
// "../../etc" -> "etc" (nothing can climb above the root); the root itself
// cleans to "".
#pragma once
#include <string>
#include <string_view>

namespace imgslim::oci {

std::string clean_path(std::string_view path);

// Directory part of a cleaned path ("a/b/c" -> "a/b", "c" -> "").
std::string_view parent_path(std::string_view cleaned);

}  // namespace imgslim::oci
