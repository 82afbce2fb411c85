#include "analyzers/attribution/category.h"

namespace imgslim::analyzers {

namespace {
constexpr std::array<std::string_view, kCategoryCount> kIds = {"app",           "runtime-deps", "dev-deps", "pm-cache",
                                                               "build-tooling", "docs",         "os",       "wasted"};
}

std::string_view category_id(Category c) { return kIds[static_cast<std::size_t>(c)]; }

std::optional<Category> parse_category(std::string_view id) {
  for (std::size_t i = 0; i < kCategoryCount; ++i)
    if (kIds[i] == id) return static_cast<Category>(i);
  return std::nullopt;
}

}  // namespace imgslim::analyzers
