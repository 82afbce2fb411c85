#include "compose/model/command_diagnostics.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "compose/model/command_line.h"

namespace imgslim::compose {
namespace {

struct SourceLine {
  int line = 0;
  std::size_t from = 0;  // where the value's text starts on this line
  std::string text;
};

// The source lines a (block) scalar was written on: its first line from the
// value's column, then the lines indented deeper than its key (blank ones kept).
std::vector<SourceLine> source_lines(const Value& v) {
  std::vector<SourceLine> out;
  if (v.where.file.empty() || v.where.line <= 0) return out;
  std::ifstream in(v.where.file, std::ios::binary);
  if (!in) return out;
  const int key_indent = v.key_where.column > 0 ? v.key_where.column - 1 : 0;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (n < v.where.line) continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t from = 0;
    if (n == v.where.line) {
      from = v.where.column > 0 ? static_cast<std::size_t>(v.where.column - 1) : 0;
    } else {
      const auto first = line.find_first_not_of(' ');
      if (first == std::string::npos) continue;
      if (static_cast<int>(first) <= key_indent) break;
    }
    if (from <= line.size()) out.push_back({n, from, line});
  }
  return out;
}

struct SourceComment {
  int line = 0, column = 0;
  std::string text;
};

// `#` starting a word outside quotes, to the end of its line.
std::vector<SourceComment> comments_of(const std::vector<SourceLine>& lines) {
  std::vector<SourceComment> out;
  for (const auto& l : lines) {
    char quote = 0;
    for (std::size_t i = l.from; i < l.text.size(); ++i) {
      const char c = l.text[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && (i == l.from || l.text[i - 1] == ' ' || l.text[i - 1] == '\t')) {
        std::string text = l.text.substr(i);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
        out.push_back({l.line, static_cast<int>(i + 1), text});
        break;
      }
    }
  }
  return out;
}

int first_line_with(const std::vector<SourceLine>& lines, char c) {
  for (const auto& l : lines)
    if (l.text.find(c, l.from) != std::string::npos) return l.line;
  return 0;
}

std::string listed(const std::vector<SourceComment>& comments) {
  std::string out;
  for (std::size_t i = 0; i < comments.size() && i < 3; ++i)
    out += std::string(i ? ", " : "") + "line " + std::to_string(comments[i].line) + " \"" + comments[i].text + "\"";
  if (comments.size() > 3) out += " and " + std::to_string(comments.size() - 3) + " more";
  return out;
}

void check(const std::string& service, const char* field, const Value& v, std::vector<Finding>& out) {
  if (!v.is_scalar()) return;
  const CommandLine cl = split_command_line(v.scalar);
  if (!cl.invalid && cl.comment_words.empty() && cl.dropped.empty()) return;
  const auto lines = source_lines(v);
  const auto comments = comments_of(lines);
  Finding f;
  f.rule = kCommandStringRule;
  f.severity = Severity::Error;
  f.service = service;
  f.where = v.key_where.line ? v.key_where : v.where;
  if (!comments.empty()) f.where = {v.where.file, comments.front().line, comments.front().column};
  const std::string name = field;
  std::string msg = name + " is a string, which Compose splits into words like a shell but without comment syntax";
  std::vector<std::string> argv = cl.argv;
  if (cl.invalid) {
    const CommandLine lenient = split_command_line(v.scalar, true);
    const int at = cl.invalid_char ? first_line_with(lines, cl.invalid_char) : 0;
    msg += ": " + cl.invalid_reason + (at ? " (line " + std::to_string(at) + ")" : "") +
           " makes docker compose refuse the file (\"invalid command line string\")";
    if (!comments.empty()) msg += "; the comment text (" + listed(comments) + ") is part of the string";
    if (!lenient.invalid) {
      argv = lenient.argv;
      msg += ". Without that, the process would get " + std::to_string(argv.size()) +
             " arguments, comment words included: " + argv_text(argv);
    }
  } else {
    if (!cl.comment_words.empty()) {
      msg += ", so the comment text (" +
             (comments.empty() ? "\"" + cl.argv[cl.comment_words.front()] + "\"" : listed(comments)) +
             ") reaches the process as arguments";
    }
    if (!cl.dropped.empty()) {
      const std::size_t op = cl.dropped.find_first_of(";&|<>");
      msg += std::string(cl.comment_words.empty() ? ": " : "; ") + "it stops at the unquoted '" +
             cl.dropped.substr(op == std::string::npos ? 0 : op, 1) + "' and drops \"" + cl.dropped +
             "\" (no shell runs it; use [\"sh\", \"-c\", \"...\"] for shell syntax)";
    }
    msg += ". The process gets " + std::to_string(argv.size()) + " arguments: " + argv_text(argv);
  }
  msg += ". Write " + name + " as a list, one argument per item, with the comments outside it.";
  f.message = std::move(msg);
  out.push_back(std::move(f));
}

}  // namespace

std::string argv_text(const std::vector<std::string>& argv) { return nlohmann::json(argv).dump(); }

std::vector<Finding> command_diagnostics(const Value& services) {
  std::vector<Finding> out;
  if (!services.is_map()) return out;
  for (const auto& [name, svc] : services.map)
    for (const char* field : {"entrypoint", "command"})
      if (const Value* v = svc.find(field)) check(name, field, *v, out);
  return out;
}

}  // namespace imgslim::compose
