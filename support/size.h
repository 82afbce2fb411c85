// Byte sizes as users write them: "250MB" (SI, 10^6), "250MiB" (IEC, 2^20),
// "1.5G" (SI), plain "1024" (bytes). And the reverse for reports.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace imgslim {

// Parses a size; std::nullopt when the text is not a size.
std::optional<std::uint64_t> parse_size(std::string_view text);

// "1.2 MB" style, SI units (as docker and dive print sizes).
std::string format_size(std::uint64_t bytes);

// Signed variant for deltas: "+41 MB", "-612 MB".
std::string format_size_delta(std::int64_t bytes);

}  // namespace imgslim
