// Unified diff (as `diff -u` / git print it) between two texts, computed
// with Myers' O(ND) shortest-edit-script algorithm over lines.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace imgslim::dockerfiles {

enum class EditKind { Keep, Delete, Insert };
struct LineEdit {
  EditKind kind;
  std::size_t old_index;  // line in the old text (Keep, Delete)
  std::size_t new_index;  // line in the new text (Keep, Insert)
};

// Lines including their terminating '\n' (the last one may lack it).
std::vector<std::string_view> split_lines(std::string_view text);

// A shortest edit script turning `a` into `b`.
std::vector<LineEdit> diff_lines(const std::vector<std::string_view>& a,
                                 const std::vector<std::string_view>& b);

// "" when the texts are equal; else "--- old_label\n+++ new_label\n@@ ... @@" hunks.
std::string unified_diff(std::string_view old_text, std::string_view new_text,
                         const std::string& old_label, const std::string& new_label,
                         std::size_t context = 3);

}  // namespace imgslim::dockerfiles
