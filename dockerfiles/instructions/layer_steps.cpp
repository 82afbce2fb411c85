#include "dockerfiles/instructions/layer_steps.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace imgslim::dockerfiles {

namespace {

std::string collapse_spaces(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "|2 A=1 B=2 /bin/sh -c x" -> "/bin/sh -c x"
std::string strip_build_args(std::string s) {
  if (s.empty() || s[0] != '|') return s;
  auto sp = s.find(' ');
  if (sp == std::string::npos) return s;
  int n = std::atoi(s.substr(1, sp - 1).c_str());
  std::size_t pos = sp + 1;
  for (int i = 0; i < n && pos < s.size(); ++i) {
    auto next = s.find(' ', pos);
    if (next == std::string::npos) return "";
    pos = next + 1;
  }
  return s.substr(pos);
}

bool same_kind(const std::string& a, const std::string& b) {
  auto norm = [](const std::string& k) { return k == "ADD" ? std::string("COPY") : k; };
  return norm(a) == norm(b);
}

struct Candidate {
  const Node* node;
  std::string keyword;
  std::string text;  // RUN: the command, whitespace collapsed
};

}  // namespace

HistoryStep parse_history_step(const std::string& created_by_in) {
  std::string s = collapse_spaces(created_by_in);
  const std::string bk = " # buildkit";
  if (s.size() >= bk.size() && s.compare(s.size() - bk.size(), bk.size(), bk) == 0) s.erase(s.size() - bk.size());
  static const char* kws[] = {"RUN", "COPY", "ADD", "WORKDIR", "ENV", "LABEL", "USER", "EXPOSE", "CMD", "ENTRYPOINT",
                              "VOLUME", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL", "MAINTAINER"};
  // BuildKit: "RUN /bin/sh -c cmd", "COPY src dst", "WORKDIR /app".
  for (const char* kw : kws) {
    std::string p = std::string(kw) + " ";
    if (starts_with(s, p)) {
      std::string rest = s.substr(p.size());
      if (std::string(kw) == "RUN") {
        rest = strip_build_args(rest);
        if (starts_with(rest, "/bin/sh -c ")) rest = rest.substr(11);
      }
      return {kw, rest};
    }
  }
  // Classic builder: "/bin/sh -c #(nop) COPY ...", "|1 A=b /bin/sh -c cmd".
  std::string t = strip_build_args(s);
  if (starts_with(t, "/bin/sh -c ")) {
    t = t.substr(11);
    if (starts_with(t, "#(nop) ")) {
      t = collapse_spaces(t.substr(7));
      auto sp = t.find(' ');
      std::string kw = t.substr(0, sp);
      return {kw, sp == std::string::npos ? "" : t.substr(sp + 1)};
    }
    return {"RUN", t};
  }
  return {"", s};
}

std::vector<std::optional<LayerStep>> map_layers_to_steps(const Tree& tree, const std::vector<std::string>& created_by) {
  // Stages: FROM image [AS name], with their instructions.
  struct StageNodes {
    std::string base;  // lowercased FROM image
    std::string name;  // lowercased AS name
    std::vector<const Node*> nodes;
  };
  std::vector<StageNodes> stages;
  for (const Node* n : tree.instructions()) {
    std::string kw = n->keyword();
    if (kw == "FROM") {
      StageNodes st;
      const auto& args = n->ast.args;
      if (!args.empty()) st.base = lower(args[0]);
      if (args.size() >= 3 && lower(args[1]) == "as") st.name = lower(args[2]);
      stages.push_back(st);
      continue;
    }
    if (!stages.empty()) stages.back().nodes.push_back(n);
  }
  std::vector<std::optional<LayerStep>> out(created_by.size());
  if (stages.empty()) return out;

  // The final stage, preceded by the stages it is built FROM.
  std::vector<std::size_t> chain;
  std::size_t cur = stages.size() - 1;
  for (int guard = 0; guard < 1000; ++guard) {
    chain.push_back(cur);
    std::optional<std::size_t> parent;
    for (std::size_t i = 0; i < cur; ++i)
      if (!stages[i].name.empty() && stages[i].name == stages[cur].base) parent = i;
    if (!parent) break;
    cur = *parent;
  }
  std::reverse(chain.begin(), chain.end());
  std::vector<Candidate> cands;
  for (std::size_t si : chain)
    for (const Node* n : stages[si].nodes) {
      std::string kw = n->keyword();
      if (kw != "RUN" && kw != "COPY" && kw != "ADD" && kw != "WORKDIR") continue;
      std::string text;
      if (kw == "RUN") {
        std::string joined;
        for (const auto& a : n->ast.args) joined += (joined.empty() ? "" : " ") + a;
        text = collapse_spaces(joined);
      }
      cands.push_back({n, kw, text});
    }

  std::size_t limit = cands.size();  // candidates [0, limit) are still free
  for (std::size_t li = created_by.size(); li-- > 0 && limit > 0;) {
    HistoryStep h = parse_history_step(created_by[li]);
    if (h.keyword.empty() || (h.keyword != "RUN" && h.keyword != "COPY" && h.keyword != "ADD" && h.keyword != "WORKDIR"))
      continue;
    std::optional<std::size_t> found;
    if (h.keyword == "RUN") {
      std::string want = collapse_spaces(h.text);
      for (std::size_t j = limit; j-- > 0;)
        if (cands[j].keyword == "RUN" && cands[j].text == want) {
          found = j;
          break;
        }
    }
    if (!found)
      for (std::size_t j = limit; j-- > 0;)
        if (same_kind(cands[j].keyword, h.keyword)) {
          found = j;
          break;
        }
    if (!found) continue;
    const Node* n = cands[*found].node;
    std::string original = n->ast.original.empty() ? n->keyword() : n->ast.original;
    out[li] = LayerStep{n->span.begin, cands[*found].keyword, collapse_spaces(original)};
    limit = *found;
  }
  return out;
}

}  // namespace imgslim::dockerfiles
