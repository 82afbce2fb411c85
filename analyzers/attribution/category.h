// The eight attribution categories. Every byte of every layer lands in
// exactly one of them; the ids are part of the CLI contract.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace imgslim::analyzers {

enum class Category : std::uint8_t { App, RuntimeDeps, DevDeps, PmCache, BuildTooling, Docs, Os, Wasted };
inline constexpr std::size_t kCategoryCount = 8;

inline constexpr std::array<Category, kCategoryCount> kAllCategories = {
    Category::App,          Category::RuntimeDeps, Category::DevDeps, Category::PmCache,
    Category::BuildTooling, Category::Docs,        Category::Os,      Category::Wasted};

// "app", "runtime-deps", "dev-deps", "pm-cache", "build-tooling", "docs", "os", "wasted".
std::string_view category_id(Category c);
std::optional<Category> parse_category(std::string_view id);

}  // namespace imgslim::analyzers
