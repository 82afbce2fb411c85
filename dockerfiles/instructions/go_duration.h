// Go's time.ParseDuration and strconv.ParseInt(s, 10, 32), which BuildKit
// applies to HEALTHCHECK's --interval/--timeout/--start-period/--start-interval
// and --retries: the same accepted syntax ("1h2m3.5s", "-1.5h", "0", units
// ns us µs μs ms s m h) and the same error texts, so a value BuildKit refuses is
// refused here with BuildKit's words.
#pragma once
#include <cstdint>
#include <string>
#include <variant>

namespace imgslim::dockerfiles {

// Nanoseconds, or Go's error text (`time: invalid duration "banana"`).
std::variant<std::int64_t, std::string> go_parse_duration(const std::string& s);

// A 32-bit integer, or Go's error text (`strconv.ParseInt: parsing "x": invalid syntax`).
std::variant<std::int32_t, std::string> go_parse_int32(const std::string& s);

}  // namespace imgslim::dockerfiles
