#include "dockerfiles/emit/diff.h"

#include <algorithm>

namespace imgslim::dockerfiles {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

std::vector<LineEdit> diff_lines(const std::vector<std::string_view>& a,
                                 const std::vector<std::string_view>& b) {
  const long n = static_cast<long>(a.size()), m = static_cast<long>(b.size());
  const long max = n + m;
  const long offset = max + 1;
  std::vector<long> v(2 * max + 3, 0);
  std::vector<std::vector<long>> trace;
  long found_d = -1;
  for (long d = 0; d <= max && found_d < 0; ++d) {
    trace.push_back(v);
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1]
                                                                                : v[offset + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found_d = d;
        break;
      }
    }
  }
  // Walk back through the saved frontiers.
  std::vector<LineEdit> edits;
  long x = n, y = m;
  for (long d = found_d; d > 0; --d) {
    const auto& vd = trace[d];
    long k = x - y;
    bool down = (k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1]));
    long prev_k = down ? k + 1 : k - 1;
    long prev_x = vd[offset + prev_k];
    long prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) {
      --x, --y;
      edits.push_back({EditKind::Keep, size_t(x), size_t(y)});
    }
    if (down) edits.push_back({EditKind::Insert, size_t(x), size_t(prev_y)});
    else edits.push_back({EditKind::Delete, size_t(prev_x), size_t(y)});
    x = prev_x, y = prev_y;
  }
  while (x > 0 && y > 0) {
    --x, --y;
    edits.push_back({EditKind::Keep, size_t(x), size_t(y)});
  }
  std::reverse(edits.begin(), edits.end());
  return edits;
}

namespace {

std::string range(size_t start, size_t count) {
  // diff -u: "l,s"; a count of 1 is omitted; an empty range names the line before it.
  if (count == 0) return std::to_string(start) + ",0";
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(start + 1) + "," + std::to_string(count);
}

void put_line(std::string& out, char mark, std::string_view line) {
  out += mark;
  out += line;
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view old_text, std::string_view new_text, const std::string& old_label,
                         const std::string& new_label, size_t context) {
  if (old_text == new_text) return {};
  auto a = split_lines(old_text), b = split_lines(new_text);
  auto edits = diff_lines(a, b);
  std::string out = "--- " + old_label + "\n+++ " + new_label + "\n";
  size_t i = 0;
  while (i < edits.size()) {
    if (edits[i].kind == EditKind::Keep) {
      ++i;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` after the
    // last change closer than 2*context lines to the previous one.
    size_t start = i >= context ? i - context : 0;
    size_t end = i;
    while (end < edits.size()) {
      if (edits[end].kind != EditKind::Keep) {
        ++end;
        continue;
      }
      size_t run = end;
      while (run < edits.size() && edits[run].kind == EditKind::Keep) ++run;
      if (run == edits.size() || run - end > 2 * context) {
        end = std::min(run, end + context);
        break;
      }
      end = run;
    }
    size_t old_start = edits[start].old_index, new_start = edits[start].new_index;
    size_t old_count = 0, new_count = 0;
    for (size_t j = start; j < end; ++j) {
      if (edits[j].kind != EditKind::Insert) ++old_count;
      if (edits[j].kind != EditKind::Delete) ++new_count;
    }
    out += "@@ -" + range(old_start, old_count) + " +" + range(new_start, new_count) + " @@\n";
    for (size_t j = start; j < end; ++j) {
      const auto& e = edits[j];
      if (e.kind == EditKind::Keep) put_line(out, ' ', a[e.old_index]);
      else if (e.kind == EditKind::Delete) put_line(out, '-', a[e.old_index]);
      else put_line(out, '+', b[e.new_index]);
    }
    i = end;
  }
  return out;
}

}  // namespace imgslim::dockerfiles
