// The disk budget: images (with --images), capped logs and PostgreSQL's
// WAL against the disk minus what the OS and Docker keep for themselves.
#include <algorithm>

#include "compose/checks/checks.h"
#include "compose/model/units.h"
#include "support/size.h"

namespace imgslim::compose {

void check_disk(const AuditContext& ctx) {
  Budget& b = ctx.report.budget;
  if (!ctx.options.host_disk) return;
  const std::uint64_t disk = *ctx.options.host_disk;
  b.host_disk = disk;
  b.disk_reserve = ctx.options.disk_reserve ? *ctx.options.disk_reserve : std::max<std::uint64_t>(2 * kGiB, disk / 10);
  const std::uint64_t available = disk > *b.disk_reserve ? disk - *b.disk_reserve : 0;
  const std::uint64_t used = b.images_bytes + b.logs_bytes + b.wal_bytes;
  if (used > available) {
    std::string parts;
    if (b.images_known) parts += "images " + format_image_bytes(b.images_bytes) + ", ";
    parts += "capped logs " + format_mib(b.logs_bytes) + ", WAL " + format_mib(b.wal_bytes);
    std::string msg = parts + " = " + format_mib(used) + ", more than the " + format_mib(available) + " left on a " +
                      format_mib(disk) + " disk after " + format_mib(*b.disk_reserve) + " for the OS and Docker";
    if (b.images_unreadable) msg += " (" + counted(b.images_unreadable, "unreadable image") + " not counted)";
    const auto& images = ctx.report.images;
    if (b.images_known && !images.empty() && images.front().facts.bytes && *images.front().facts.bytes > 0) {
      const ImageFacts& f = images.front().facts;
      msg += "; heaviest image: " + f.ref + " " + format_image_bytes(*f.bytes);
      if (!f.top.empty()) msg += " (" + top_categories_mib(f) + ")";
    }
    ctx.add("compose-disk-budget", nullptr, std::move(msg), {ctx.project.files.front(), 0, 0});
  }
}

}  // namespace imgslim::compose
