#include "compose/model/image_facts.h"

#include "support/size.h"

namespace imgslim::compose {

std::string top_categories_text(const ImageFacts& facts, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < facts.top.size() && i < n; ++i) {
    if (!out.empty()) out += ", ";
    out += facts.top[i].category + " " + format_size(facts.top[i].bytes);
  }
  return out;
}

}  // namespace imgslim::compose
