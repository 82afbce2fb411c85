// UTF-8 decoding the way Go does it (an invalid byte decodes to U+FFFD with
// width 1) and the few Unicode classes BuildKit's parser asks about.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace imgslim::dockerfiles {

inline constexpr char32_t kRuneError = 0xFFFD;

struct Rune {
  char32_t value;
  std::size_t offset;  // byte offset in the source
  std::size_t width;   // bytes consumed (1 for an invalid byte)
};

// Decodes one rune at `pos` (pos < text.size()).
Rune decode_rune(std::string_view text, std::size_t pos);
std::vector<Rune> decode_runes(std::string_view text);
void append_rune(std::string& out, char32_t rune);

bool is_space(char32_t r);   // Go unicode.IsSpace
bool is_letter(char32_t r);  // Go unicode.IsLetter
bool is_digit(char32_t r);   // Go unicode.IsDigit

}  // namespace imgslim::dockerfiles
