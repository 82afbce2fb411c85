// Sorting many strings by their bytes (std::string_view's order) with a
// three-way radix quicksort (Bentley and Sedgewick's multikey quicksort):
// each step compares one byte position, so the long prefixes file paths
// share ("usr/lib/node_modules/...") are read once per level instead of once
// per comparison. The order of equal strings is unspecified.
#pragma once
#include <algorithm>
#include <string_view>
#include <vector>

namespace imgslim {

// Reorders `items` so that key(items[i]) is ascending; `key` returns a
// std::string_view that stays valid during the sort.
template <typename T, typename Key>
void sort_by_bytes(std::vector<T>& items, Key key);

namespace detail {

// Nesting beyond this many partitions (hostile inputs can ask for one per
// byte value per position) finishes the range with std::sort: bounded stack.
inline constexpr int kMaxNesting = 96;

template <typename T, typename Key>
void multikey_sort(T* a, std::size_t n, std::size_t depth, Key& key, int nesting) {
  // Byte at `depth`, or -1 past the end (shorter strings sort first).
  auto at = [&](const T& x) {
    const std::string_view s = key(x);
    return depth < s.size() ? int(static_cast<unsigned char>(s[depth])) : -1;
  };
  while (n > 1) {
    if (nesting > kMaxNesting) {
      std::sort(a, a + n, [&](const T& x, const T& y) { return key(x).substr(depth) < key(y).substr(depth); });
      return;
    }
    if (n < 12) {  // insertion sort on the remaining suffixes
      for (std::size_t i = 1; i < n; ++i)
        for (std::size_t j = i; j > 0 && key(a[j]).substr(depth) < key(a[j - 1]).substr(depth); --j)
          std::swap(a[j], a[j - 1]);
      return;
    }
    std::swap(a[0], a[n / 2]);
    const int pivot = at(a[0]);
    // a[0, lt): < pivot, a[lt, i): == pivot, a[gt, n): > pivot
    std::size_t lt = 0, i = 0, gt = n;
    while (i < gt) {
      const int c = at(a[i]);
      if (c < pivot) std::swap(a[lt++], a[i++]);
      else if (c > pivot) std::swap(a[i], a[--gt]);
      else ++i;
    }
    multikey_sort(a, lt, depth, key, nesting + 1);
    multikey_sort(a + gt, n - gt, depth, key, nesting + 1);
    if (pivot < 0) return;  // the equal part ended here: all the same string
    // The equal part continues at the next byte: loop instead of recursing.
    a += lt;
    n = gt - lt;
    ++depth;
  }
}

}  // namespace detail

template <typename T, typename Key>
void sort_by_bytes(std::vector<T>& items, Key key) {
  detail::multikey_sort(items.data(), items.size(), 0, key, 0);
}

}  // namespace imgslim
