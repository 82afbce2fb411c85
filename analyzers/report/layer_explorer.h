// The layer explorer of `imgslim report`: for each layer, the entries that
// layer itself carries as a tree, each marked added / modified (against the
// lower layers) or removed (a whiteout, with what it hid), with its bytes and
// the bytes of it that later layers hide. Bounded: entries whose bytes are
// below a threshold are folded into one "smaller entries" row per directory
// (their totals kept), the threshold the smallest power of two that keeps
// all layers within `row_budget` rows (0 when everything fits).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analyzers/scan/image_scan.h"

namespace imgslim::analyzers {

struct ExplorerRow {
  std::uint32_t depth = 0;   // 0: at the image root
  std::string name;          // a path component; for a fold: "(N smaller entries)"
  char kind = 'f';           // 'd' directory, 'f' file, 'l' link or other, 'r' folded smaller entries
  char mark = ' ';           // 'A' added, 'M' modified, 'D' removed (whiteout / opaque), ' ' none
  std::uint64_t bytes = 0;   // this layer's content bytes (a directory: of everything below)
  std::uint64_t hidden = 0;  // of those, what later layers overwrite or delete
  std::uint64_t removed = 0; // lower layers' bytes this entry removes
  std::uint64_t files = 0;   // non-directory entries (a directory or fold: below it)
};

struct LayerTree {
  std::size_t layer = 0;
  std::vector<ExplorerRow> rows;  // depth-first, names in byte order, folds last in their directory
};

struct LayerExplorer {
  std::uint64_t threshold = 0;  // entries below it were folded (0: none)
  std::size_t row_budget = 0;
  std::size_t rows = 0;         // over all layers
  std::vector<LayerTree> layers;
};

LayerExplorer build_layer_explorer(const ImageScan& scan, std::size_t row_budget = 20000);

// {"threshold":…, "row_budget":…, "rows":…, "layers":[[[depth,name,kind+mark,bytes,hidden,removed,files],…],…]}
nlohmann::json layer_explorer_json(const LayerExplorer& explorer);

}  // namespace imgslim::analyzers
