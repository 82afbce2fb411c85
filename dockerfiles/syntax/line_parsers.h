// BuildKit's per-instruction line parsers (parser/line_parsers.go and
// split_command.go): one logical line -> AstNode. Internal to the parser.
#pragma once
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfiles/syntax/syntax_tree.h"

namespace imgslim::dockerfiles {

// A problem BuildKit reports for a line; the parser adds the location.
class LineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Byte ranges inside the logical line, for the CST.
struct LineLayout {
  std::size_t keyword_begin = 0, keyword_end = 0;
  std::vector<std::pair<std::size_t, std::size_t>> flags;
};

// newNodeFromLine. Throws LineError.
AstNode node_from_line(std::string_view line, char escape, LineLayout* layout = nullptr);

// heredocsFromLine: the heredoc markers of an instruction line. Throws LineError.
std::vector<Heredoc> heredocs_from_line(std::string_view line);
// ParseHeredoc: one word like "<<-EOF" or "3<<'EOF'".
std::optional<Heredoc> parse_heredoc(std::string_view word);
// Whether BuildKit reads heredoc bodies for this node (RUN/COPY/ADD, also
// as ONBUILD trigger, not in JSON form).
bool can_contain_heredoc(const AstNode& node);

// parseWords / reWhitespace split, exposed for the typed-instruction layer.
std::vector<std::string> parse_words(std::string_view rest, char escape);
std::vector<std::string> split_whitespace(std::string_view rest, int limit = -1);

// strings.ToLower / ToUpper as Go does them.
std::string go_lower(std::string_view s);
std::string go_upper(std::string_view s);
// strings.TrimSpace (Unicode spaces).
std::string_view go_trim_space(std::string_view s);

}  // namespace imgslim::dockerfiles
