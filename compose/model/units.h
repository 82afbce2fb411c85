// Value formats of Compose attributes: memory sizes as Docker reads them
// (binary units: 512m = 512 MiB, 1.5g, 1024k, plain bytes), durations
// ("1m30s", "500ms", "10s"), CPU counts ("0.5", 1.5).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace imgslim::compose {

std::optional<std::uint64_t> parse_memory(std::string_view text);
std::optional<double> parse_duration_seconds(std::string_view text);
std::optional<double> parse_cpus(std::string_view text);

// "512 MiB", "1.5 GiB": how Docker's binary memory units are shown.
std::string format_mib(std::uint64_t bytes);
// "1.5", "2", "0.25": a CPU count (or seconds) with at most two decimals, no trailing zeros.
std::string format_decimal(double value);

constexpr std::uint64_t kMiB = 1024ull * 1024;
constexpr std::uint64_t kGiB = 1024ull * kMiB;

}  // namespace imgslim::compose
