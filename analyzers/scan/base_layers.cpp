#include "analyzers/scan/base_layers.h"

#include <regex>

#include "support/error.h"

namespace imgslim::analyzers {

BaseSplit base_from_image(const ImageScan& scan, const std::vector<oci::Digest>& base_diff_ids,
                          const std::string& base_ref) {
  if (base_diff_ids.size() > scan.layers.size())
    throw Error(base_ref, "the base image has " + std::to_string(base_diff_ids.size()) +
                              " layers, more than the image's " + std::to_string(scan.layers.size()));
  for (std::size_t i = 0; i < base_diff_ids.size(); ++i) {
    if (!(scan.layers[i].diff_id == base_diff_ids[i]))
      throw Error(base_ref, "not a base of " + scan.ref + ": layer " + std::to_string(i) + " differs (" +
                                base_diff_ids[i].str() + " vs " + scan.layers[i].diff_id.str() + ")");
  }
  return {base_diff_ids.size(), "base-image", base_ref};
}

BaseSplit base_from_history(const ImageScan& scan) {
  static const std::regex kClosing(R"((^|#\(nop\)\s+)(CMD|ENTRYPOINT)\b)");
  const auto& history = scan.config.history;
  std::size_t layers_before = 0;
  BaseSplit best;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const auto& h = history[i];
    if (!h.empty_layer) {
      ++layers_before;
      continue;
    }
    std::string text = h.created_by;
    if (text.starts_with("/bin/sh -c ")) text = text.substr(11);
    if (!std::regex_search(text, kClosing)) continue;
    if (layers_before == 0 || layers_before >= scan.layers.size()) continue;  // nothing after it
    best = {layers_before, "history", text};
  }
  if (best.layers > 0) return best;
  if (scan.layers.size() > 1) return {1, "first-layer", "no history entry closes a base image; the first layer is the base"};
  return {0, "none", "a single layer"};
}

}  // namespace imgslim::analyzers
