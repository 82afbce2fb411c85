#include "compose/fix/override_doc.h"

#include <algorithm>
#include <set>

namespace imgslim::compose {
namespace {

int key_rank(const std::string& key) {
  static const std::vector<std::string> order = {"deploy", "mem_limit", "mem_reservation", "memswap_limit", "cpus",
                                                 "limits", "reservations", "memory", "command", "environment",
                                                 "healthcheck", "test", "interval", "timeout", "retries",
                                                 "start_period", "depends_on", "condition", "logging", "driver",
                                                 "options", "max-size", "max-file", "restart"};
  auto it = std::find(order.begin(), order.end(), key);
  return it == order.end() ? static_cast<int>(order.size()) : static_cast<int>(it - order.begin());
}

std::string comment_text(const std::string& c) { return c.empty() ? "" : "  # " + c; }

}  // namespace

std::string yaml_scalar(const std::string& text, bool string) {
  std::string s;
  for (char c : text) s += c == '$' ? std::string("$$") : std::string(1, c);
  static const std::set<std::string> words = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
                                              "True", "False", "Yes", "No", "On", "Off", "Null", "NULL", "TRUE", "FALSE"};
  bool plain = !s.empty() && !words.count(s) && s.front() != '-' &&
               !(string && s.find_first_not_of("0123456789.") == std::string::npos);
  for (char c : s)
    plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || std::string("_./=+-").find(c) != std::string::npos);
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

OverrideDoc::Node& OverrideDoc::at(const std::string& service, const std::vector<std::string>& path) {
  Node* n = &root_;
  std::vector<std::string> full = {service};
  full.insert(full.end(), path.begin(), path.end());
  for (const auto& key : full) {
    auto it = std::find_if(n->children.begin(), n->children.end(), [&](const Node& c) { return c.key == key; });
    if (it == n->children.end()) {
      n->children.push_back({});
      n->children.back().key = key;
      it = n->children.end() - 1;
    }
    n = &*it;
  }
  return *n;
}

void OverrideDoc::set(const std::string& service, const std::vector<std::string>& path, const std::string& value,
                      const std::string& comment, bool string) {
  Node& n = at(service, path);
  n.value = value;
  n.comment = comment;
  n.string = string;
}

void OverrideDoc::set_list(const std::string& service, const std::vector<std::string>& path,
                           const std::vector<std::string>& items, const std::string& comment) {
  Node& n = at(service, path);
  n.is_list = true;
  n.items = items;
  n.comment = comment;
}

bool OverrideDoc::has(const std::string& service, const std::vector<std::string>& path) const {
  const Node* n = &root_;
  std::vector<std::string> full = {service};
  full.insert(full.end(), path.begin(), path.end());
  for (const auto& key : full) {
    auto it = std::find_if(n->children.begin(), n->children.end(), [&](const Node& c) { return c.key == key; });
    if (it == n->children.end()) return false;
    n = &*it;
  }
  return true;
}

void OverrideDoc::render_node(const Node& n, int indent, std::string& out) const {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (n.is_list) {
    out += pad + yaml_scalar(n.key) + ":" + comment_text(n.comment) + "\n";
    for (const auto& item : n.items) out += pad + "  - " + yaml_scalar(item) + "\n";
    return;
  }
  if (n.children.empty()) {
    out += pad + yaml_scalar(n.key) + ": " + yaml_scalar(n.value, n.string) + comment_text(n.comment) + "\n";
    return;
  }
  out += pad + yaml_scalar(n.key) + ":" + comment_text(n.comment) + "\n";
  std::vector<const Node*> kids;
  for (const auto& c : n.children) kids.push_back(&c);
  std::stable_sort(kids.begin(), kids.end(), [](const Node* a, const Node* b) { return key_rank(a->key) < key_rank(b->key); });
  for (const Node* c : kids) render_node(*c, indent + 2, out);
}

std::string OverrideDoc::render(const std::vector<std::string>& header) const {
  std::string out;
  for (const auto& h : header) out += "# " + h + "\n";
  out += "services:\n";
  std::vector<const Node*> services;
  for (const auto& c : root_.children) services.push_back(&c);
  auto rank = [&](const Node* n) { return std::find(order_.begin(), order_.end(), n->key) - order_.begin(); };
  std::stable_sort(services.begin(), services.end(), [&](const Node* a, const Node* b) { return rank(a) < rank(b); });
  for (const Node* s : services) render_node(*s, 2, out);
  return out;
}

}  // namespace imgslim::compose
