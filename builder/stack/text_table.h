// The tables of `compose --measure`'s reports: text columns padded to their
// widest cell (header included), and Markdown (first column left, the others
// right-aligned).
#pragma once
#include <string>
#include <vector>

namespace imgslim::builder::stack {

using TableRows = std::vector<std::vector<std::string>>;

std::string text_table(const TableRows& rows);
std::string markdown_table(const TableRows& rows);

}  // namespace imgslim::builder::stack
