// What `imgslim compose --images` knows about one service's image. The CLI
// fills it from imgslim's image analysis (the same figures `imgslim analyze
// --format json` prints); the compose library only reads it, so it does not
// depend on the analyzers.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace imgslim::compose {

struct ImageCategoryBytes {
  std::string category;  // attribution category id: app, runtime-deps, dev-deps, pm-cache, ...
  std::uint64_t bytes = 0;
};

struct ImageLayerBytes {
  std::string diff_id;  // uncompressed digest; layers with the same diff_id are stored once
  std::uint64_t bytes = 0;
};

struct ImageFacts {
  std::string service;
  std::string ref;                                // the reference that was read
  std::optional<std::uint64_t> bytes;             // layer content bytes (analyze's total_bytes): what the engine stores
  std::optional<std::uint64_t> final_bytes;       // visible in the final filesystem (check's max-size)
  std::optional<std::uint64_t> compressed_bytes;  // blob bytes when the source stores compressed layers
  std::vector<ImageLayerBytes> layers;            // bottom first
  std::vector<ImageCategoryBytes> top;            // largest first, non-empty categories
  // Per-image advice limit from the `max-size` of the config file's matching
  // `budgets:` entry (what `imgslim check` enforces), with where it was read.
  std::optional<std::uint64_t> max_size;
  std::string max_size_from;
  std::string error;                              // non-empty: the image could not be read
  // The final file tree's executables on the image's PATH: `path` is the
  // config's PATH (Docker's default when the config sets none), `executables`
  // the absolute paths of regular files with an execute bit, hardlinks and
  // symlinks directly inside those directories, sorted. Empty `path`: unknown.
  std::vector<std::string> path;
  std::vector<std::string> executables;
};

}  // namespace imgslim::compose

namespace imgslim::compose {

// "dev-deps 23.1 MB, pm-cache 4.2 MB, os 1.9 MB": the first `n` categories.
std::string top_categories_text(const ImageFacts& facts, std::size_t n = 3);

// Whether the image's PATH lookup would find `command` (a bare name: the first
// PATH directory holding it; a path: that file). Only meaningful with `path` set.
bool image_has_command(const ImageFacts& facts, const std::string& command);
// The executable PATH lookup finds for `command`, or "" when none.
std::string image_command_path(const ImageFacts& facts, const std::string& command);

}  // namespace imgslim::compose
