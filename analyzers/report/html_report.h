// `imgslim report`: one self-contained HTML file (no network, no CDN) with
// the summary, the categories (and a treemap of them and their packages), a
// treemap of the final filesystem coloured by category, per-layer bars with
// their Dockerfile step, the layer explorer (each layer's own file tree with
// added / modified / removed marks, search by path, `#layer=N&q=TEXT`
// selects), the largest files, top packages and findings.
// The page is rendered by its own inline script from an embedded JSON
// document, so the C++ side only prepares data.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace imgslim::analyzers {

// One node of the treemap hierarchy (a directory or a file).
struct TreemapNode {
  std::string name;
  std::uint64_t bytes = 0;
  std::string category;  // dominant category of the bytes below
  std::vector<TreemapNode> children;
};

// `analysis` is the `imgslim analyze --format json` document; `explorer`
// is layer_explorer_json's (null: the explorer shows no layer trees).
std::string render_html_report(const nlohmann::json& analysis, const TreemapNode& root,
                               const nlohmann::json& explorer);

// Escapes a JSON text for embedding inside <script>: no "</" or "<!--" can
// close the element, whatever file names the image contains.
std::string json_for_script(const std::string& json_text);

}  // namespace imgslim::analyzers
