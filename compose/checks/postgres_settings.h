// PostgreSQL settings as a container runs them: the defaults, then a
// postgresql.conf (with include/include_if_exists/include_dir), then
// `postgres -c name=value` arguments. Memory values are converted with each
// parameter's base unit (8 kB blocks for shared_buffers, kB for work_mem,
// MB for max_wal_size...). And pgtune's recommendations for a memory size.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compose/model/value.h"

namespace imgslim {
class RootedDir;
}

namespace imgslim::compose {

struct PgSetting {
  std::string value;  // as written, quotes removed
  Location where;     // conf file line, or the compose `command:` line
  std::string origin; // "postgresql.conf" path or "command"
};

class PgSettings {
 public:
  void set(const std::string& name, PgSetting s);
  const PgSetting* find(const std::string& name) const;
  // Bytes for a memory parameter (explicit or PostgreSQL's default).
  std::uint64_t bytes(const std::string& name) const;
  long long integer(const std::string& name) const;
  bool is_set(const std::string& name) const { return find(name) != nullptr; }
  const std::map<std::string, PgSetting>& all() const { return settings_; }

 private:
  std::map<std::string, PgSetting> settings_;
};

// Parses a postgresql.conf file into `into`; throws imgslim::Error("file:line", ...)
// for a malformed line. Relative includes are read beside the including file;
// absolute ones (container paths) through `resolve` when given ("" = not in
// the project: skipped, as the file may be in the image). `read`, when
// given, receives every file read. With `root`, the file and its includes are
// read only inside it (support/rooted_dir.h: a link out is treated as absent).
void read_postgresql_conf(const std::string& path, PgSettings& into,
                          const std::function<std::string(const std::string&)>& resolve = {},
                          std::set<std::string>* read = nullptr, RootedDir* root = nullptr);

// `-c name=value`, `-cname=value`, `--name=value` from a postgres argv.
void read_postgres_args(const std::vector<std::string>& argv, const Location& where, PgSettings& into);

// A memory value in PostgreSQL syntax ("128MB", "4096" in the parameter's
// base unit); std::nullopt when not a size.
std::optional<std::uint64_t> pg_memory(const std::string& name, const std::string& value);

// "128MB", "4GB", "3932kB" as pgtune and postgresql.conf write them.
std::string pg_format(std::uint64_t bytes);

// The WAL rule's threshold: max_wal_size may take 10 % of the disk; this is
// that share rounded down to whole GB (to 64 MB below 1 GB, at least 32 MB).
std::uint64_t wal_size_cap(std::uint64_t disk);
// pgtune's max_wal_size (4 GB), within the cap when the disk is known.
std::uint64_t pgtune_max_wal(std::optional<std::uint64_t> cap);

// pgtune's "web" recommendations for `memory` bytes and `connections`;
// max_wal_size within `wal_cap` (min_wal_size at most a quarter of it).
std::vector<std::pair<std::string, std::string>> pgtune_web(std::uint64_t memory, long long connections,
                                                            std::optional<std::uint64_t> wal_cap = std::nullopt);

}  // namespace imgslim::compose
