// --images: each distinct image of the stack (services sharing a reference
// share it), heaviest first; layers several images share counted once, as
// the engine stores them once; unreadable images and images over their
// per-image limit reported. check_disk then puts the total on the disk.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "compose/checks/checks.h"
#include "compose/model/units.h"
#include "support/size.h"

namespace imgslim::compose {
namespace {

std::string services_text(const std::vector<std::string>& services) {
  std::string out;
  for (const auto& s : services) out += (out.empty() ? "" : ", ") + s;
  return out;
}

Location where_of(const Service* s, const std::string& first_file) {
  if (!s) return {first_file, 0, 0};
  if (s->raw->find("image")) return s->at({"image"});
  if (s->raw->find("build")) return s->at({"build"});
  return s->at({});
}

}  // namespace

std::string format_image_bytes(std::uint64_t bytes) {
  if (bytes == 0 || bytes >= kMiB) return format_mib(bytes);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024);
  return buf;
}

std::string top_categories_mib(const ImageFacts& facts, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < facts.top.size() && i < n; ++i)
    out += (out.empty() ? "" : ", ") + facts.top[i].category + " " + format_image_bytes(facts.top[i].bytes);
  return out;
}

void check_images(const AuditContext& ctx) {
  if (!ctx.options.images) return;
  Report& r = ctx.report;
  Budget& b = r.budget;
  b.images_known = true;
  const std::string& first_file = ctx.project.files.front();

  // One row per reference, in service order.
  std::map<std::string, std::size_t> row_of;
  for (const auto& f : ctx.options.images_read) {
    const Service* s = ctx.find(f.service);
    if (f.ref.empty() || !f.error.empty()) {
      ++b.images_unreadable;
      // Most sources' errors name the reference already.
      std::string msg = !f.ref.empty() && f.error.find(f.ref) != std::string::npos ? f.error
                        : f.ref.empty() ? "no image to read: " + f.error
                                        : "image " + f.ref + " could not be read: " + f.error;
      ctx.add("compose-image-unreadable", s, msg + "; its size is left out of the disk budget", where_of(s, first_file));
      if (f.ref.empty()) continue;
    }
    auto [it, fresh] = row_of.emplace(f.ref, r.images.size());
    if (fresh) {
      ImageRow row;
      row.facts = f;
      r.images.push_back(std::move(row));
    }
    r.images[it->second].services.push_back(f.service);
  }

  // Heaviest first; a layer counts for the first (heaviest) image holding it.
  std::stable_sort(r.images.begin(), r.images.end(), [](const ImageRow& a, const ImageRow& c) {
    return a.facts.bytes.value_or(0) > c.facts.bytes.value_or(0);
  });
  std::set<std::string> stored;
  for (auto& row : r.images) {
    if (!row.facts.error.empty()) continue;
    const std::uint64_t bytes = row.facts.bytes.value_or(0);
    b.images_listed_bytes += bytes;
    for (const auto& l : row.facts.layers) {
      if (!l.diff_id.empty() && !stored.insert(l.diff_id).second) row.shared_bytes += l.bytes;
    }
    b.images_bytes += bytes - std::min(row.shared_bytes, bytes);
  }

  const std::uint64_t stack = b.images_bytes;
  std::size_t heavy = 0;
  for (auto& row : r.images) {
    const ImageFacts& f = row.facts;
    for (const auto& name : row.services) {
      ServiceBudget& sb = ctx.budget_of(name);
      sb.image_bytes = f.error.empty() ? f.bytes : std::nullopt;
      sb.image_top = top_categories_mib(f);
    }
    if (!f.error.empty()) continue;
    const Service* s = ctx.find(row.services.front());
    const Location where = where_of(s, first_file);
    const std::string who = services_text(row.services);

    if (f.max_size) {
      row.max_size = *f.max_size;
      row.max_size_from = f.max_size_from;
    } else if (ctx.options.image_max_size) {
      row.max_size = *ctx.options.image_max_size;
      row.max_size_from = ctx.options.image_max_size_from;
    } else {
      row.max_size = kDefaultImageMaxSize;
      row.max_size_from = "default";
    }
    if (f.final_bytes && *f.final_bytes > row.max_size) {
      std::string msg = "image " + f.ref + " is " + format_image_bytes(*f.final_bytes) + " (final filesystem), over the " +
                        format_image_bytes(row.max_size) + " per-image limit (" + format_size(row.max_size) + ", " +
                        row.max_size_from + ")";
      if (!f.top.empty()) msg += "; largest: " + top_categories_mib(f);
      ctx.add("compose-image-max-size", s, msg, where);
    }
    if (heavy < 3 && f.bytes && *f.bytes > 0) {
      ++heavy;
      std::uint64_t own = *f.bytes - std::min(row.shared_bytes, *f.bytes);
      std::string msg = "image " + f.ref + " (" + who + "): " + format_image_bytes(*f.bytes) + " on disk";
      if (row.shared_bytes) msg += ", " + format_image_bytes(own) + " of it not shared with a heavier image";
      if (stack) msg += " (" + std::to_string(static_cast<int>(100.0 * static_cast<double>(own) / static_cast<double>(stack) + 0.5)) +
                        " % of the stack's " + format_image_bytes(stack) + ")";
      if (!f.top.empty()) msg += "; " + top_categories_mib(f);
      ctx.add("compose-image-heavy", s, msg, where);
    }
  }
}

}  // namespace imgslim::compose
