// The Compose override `--fix` writes: services and their settings as a
// small YAML tree, each value with a comment naming the rule and the numbers
// behind it, rendered the same way for the same content (services in the
// project's order, a fixed order of keys inside a service).
#pragma once
#include <string>
#include <vector>

namespace imgslim::compose {

class OverrideDoc {
 public:
  explicit OverrideDoc(std::vector<std::string> service_order) : order_(std::move(service_order)) {}

  // services.<service>.<path> = value (a scalar) with a comment; `string`:
  // quoted even when YAML would read it as a number (environment, log options).
  void set(const std::string& service, const std::vector<std::string>& path, const std::string& value,
           const std::string& comment, bool string = false);
  // services.<service>.<path> = [items] (a block sequence), the comment on the key.
  void set_list(const std::string& service, const std::vector<std::string>& path, const std::vector<std::string>& items,
                const std::string& comment);
  bool has(const std::string& service, const std::vector<std::string>& path) const;
  bool empty() const { return root_.children.empty(); }
  // `header`: comment lines printed first (without "# ").
  std::string render(const std::vector<std::string>& header) const;

 private:
  struct Node {
    std::string key, value, comment;
    bool is_list = false, string = false;
    std::vector<std::string> items;
    std::vector<Node> children;
  };
  Node& at(const std::string& service, const std::vector<std::string>& path);
  void render_node(const Node& n, int indent, std::string& out) const;
  std::vector<std::string> order_;
  Node root_;  // its children: the services
};

// A scalar as YAML writes it inside a Compose file: `$` doubled (Compose
// interpolates), plain when unambiguous, else double-quoted.
std::string yaml_scalar(const std::string& text, bool string = false);

}  // namespace imgslim::compose
