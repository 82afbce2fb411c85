// analyzers/scan/ — reading every layer once: per-layer entries, the interned path table, the merged
// final tree, base-layer detection, layer summaries.
// May include: oci/image.h, oci/layers/, oci/model/, support/.
//
// The result of reading every layer of an image once: all entries of all
// layers (paths interned), per-layer figures, the merged final tree, and the
// content of the few files a consumer asked to keep (package databases,
// package.json...). Everything the analyzers compute starts from this.
//
//   ScanOptions opts;
//   opts.capture = [](std::string_view path, std::int64_t size) {
//     return path == "var/lib/dpkg/status";            // called from worker threads
//   };
//   ImageScan scan = scan_image(*oci::open_image(ref), opts);
//   for (auto& n : scan.tree.nodes()) ... scan.paths.str(n.path) ...
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/scan/file_record.h"
#include "analyzers/scan/layer_summary.h"
#include "analyzers/scan/merged_tree.h"
#include "analyzers/scan/path_table.h"
#include "oci/image.h"

namespace imgslim {
class Progress;
}

namespace imgslim::analyzers {

class LayerScanStore;

// What became of a record in the final image.
enum class Fate : std::uint8_t {
  Visible,      // shown in the final tree (a regular file also when only a hardlink to it is)
  Overwritten,  // a later entry at the same path replaced it
  Deleted,      // a whiteout, an opaque directory, or a non-directory replacing a parent hid it
  Marker,       // a whiteout / opaque marker itself
};

// What a record did to the tree of the lower layers (directories and
// markers: None).
enum class Change : std::uint8_t { None, Added, Modified };

// What one whiteout / opaque marker hid of the lower layers.
struct Removal {
  RecordId marker = kNoRecord;
  std::uint64_t files = 0;  // non-directory paths
  std::uint64_t bytes = 0;  // their content bytes
};

struct CapturedContent {
  RecordId record = kNoRecord;
  std::string bytes;       // at most ScanOptions::capture_limit bytes
  bool truncated = false;  // the file was larger than the limit
};

// Decides whether a regular file's content is kept. `path` is cleaned
// ("usr/lib/node_modules/npm/package.json"), `size` its tar size. Called
// concurrently from the layer workers: it must be thread-safe.
using CapturePredicate = std::function<bool(std::string_view path, std::int64_t size)>;

struct ScanOptions {
  bool verify = true;             // check blob digests and diff_ids while streaming
  std::size_t threads = 0;        // layer workers; 0 = min(hardware threads, 4)
  CapturePredicate capture;       // none: keep no content
  std::size_t capture_limit = 8u << 20;
  bool capture_sections = true;   // analyze_image: also keep what the report sections need
  Progress* progress = nullptr;   // fed with blob bytes read and layers done (thread-safe)
  // Gzip-compress plain tar layers as they stream to know what a push would
  // store (LayerSummary::compressed_bytes); it costs CPU (zlib level 6), so
  // only callers that need the figure ask (check's max-compressed-size,
  // --push-size); otherwise such a layer's compressed size is unknown.
  bool push_size = false;
  // Earlier scans by diff_id (the layer-scan cache); null: read every layer.
  // Layers found there are not read at all (a registry blob is not fetched,
  // an engine starts no export when it needs none); layers read and verified
  // against their diff_id are stored. A scan with a `capture` predicate uses
  // the store only when `capture_id` names that predicate (it keys entries).
  LayerScanStore* cache = nullptr;
  std::string capture_id;
};

struct ImageScan {
  std::string ref;
  oci::Digest digest;
  oci::Platform platform;
  oci::ImageConfig config;
  bool verified = true;

  PathTable paths;                  // every path any layer mentions (and their parents)
  PathTable links;                  // link targets
  std::vector<FileRecord> records;  // all layers, bottom first, tar order within a layer
  std::vector<Fate> fates;          // per record
  std::vector<Change> changes;      // per record
  std::vector<Removal> removals;    // per marker that hid something, in record order
  std::vector<LayerSummary> layers;
  MergedTree tree;
  std::vector<CapturedContent> captured;  // ordered by record

  const CapturedContent* captured_for(RecordId record) const;
  std::uint64_t total_bytes() const;       // sum of layer content bytes (dive's image size)
  std::uint64_t compressed_bytes() const;  // sum of the layers' compressed_bytes (what a registry holds)
  bool compressed_computed() const;        // some of it computed (a layer stored uncompressed)
  bool compressed_unknown() const;         // a layer stored uncompressed whose push size was not computed
  std::uint64_t tar_bytes() const;
};

// Reads every distinct layer blob once through Image::stream_layers (in
// parallel where the source allows, bounded by options.threads; the engine's
// export is one stream read front to back, no temp file) and merges the
// results in layer order. Throws imgslim::Error naming the blob on corrupt or
// mismatching layers (blob digest and size, diff_id, media type).
ImageScan scan_image(const oci::Image& image, const ScanOptions& options = {});

}  // namespace imgslim::analyzers
