#include "support/progress.h"

#include <cstdio>

#include "support/size.h"
#include "support/terminal.h"

namespace imgslim {

Progress::Progress(std::string label, std::uint64_t total_bytes, std::size_t total_layers, bool enabled)
    : label_(std::move(label)), total_bytes_(total_bytes), total_layers_(total_layers), enabled_(enabled) {}

Progress::~Progress() { finish(); }

bool Progress::should_show(bool quiet) { return !quiet && is_terminal(stderr); }

void Progress::add_bytes(std::uint64_t n) {
  bytes_.fetch_add(n, std::memory_order_relaxed);
  if (enabled_) maybe_draw(false);
}

void Progress::layer_done() {
  layers_.fetch_add(1, std::memory_order_relaxed);
  if (enabled_) maybe_draw(true);
}

std::string Progress::line() const {
  std::uint64_t b = bytes();
  std::string s = label_ + "  ";
  if (total_bytes_ > 0) {
    int width = 24;
    double frac = b >= total_bytes_ ? 1.0 : static_cast<double>(b) / static_cast<double>(total_bytes_);
    int fill = static_cast<int>(frac * width);
    s += "[" + std::string(fill, '#') + std::string(width - fill, '.') + "] ";
    s += format_size(b) + " / " + format_size(total_bytes_);
  } else {
    s += format_size(b);
  }
  s += "  layers " + std::to_string(layers_done()) + "/" + std::to_string(total_layers_);
  return s;
}

void Progress::maybe_draw(bool force) {
  // A byte count skips its draw while another thread draws; a finished layer
  // waits its turn, so the last layer's count is always drawn.
  std::unique_lock<std::mutex> lock(draw_mutex_, std::defer_lock);
  if (force) lock.lock();
  else if (!lock.try_lock()) return;
  auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  std::fprintf(stderr, "\r\033[K%s", line().c_str());
  std::fflush(stderr);
}

void Progress::finish() {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(draw_mutex_);
  if (drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
  drawn_ = false;
  enabled_ = false;
}

}  // namespace imgslim
