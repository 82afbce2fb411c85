#include "compose/model/yaml_loader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "support/error.h"

namespace imgslim::compose {
namespace {

constexpr std::size_t kMaxDepth = 200;

// Alias expansion budget. Every alias copies the node it names, so nine
// levels of nine aliases expand to 9^9 nodes from a few hundred bytes.
// As in Compose's YAML reader, a document may take almost all of a small
// node count from aliases and a shrinking share as it grows (Compose: 99 %
// up to 400 000 nodes, 10 % from 4 000 000). imgslim uses a tenth of those
// node counts (no Compose file comes near them; each node here costs a few
// hundred bytes), and checks before an alias is copied, so a bomb is
// refused within some 30 MB.
constexpr double kLowNodes = 100'000, kHighNodes = 1'000'000;

double allowed_alias_share(double nodes) {
  if (nodes <= kLowNodes) return 0.99;
  if (nodes >= kHighNodes) return 0.10;
  return 0.99 - 0.89 * (nodes - kLowNodes) / (kHighNodes - kLowNodes);
}

struct Frame {
  Value value;
  YAML::anchor_t anchor = 0;
  std::size_t nodes = 1;  // this node and everything below it, aliases expanded
  // Mappings: the key read and waiting for its value.
  std::optional<std::string> key;
  Location key_where;
  bool key_is_merge = false;
  std::vector<Value> merges;  // `<<` values, applied at the end of the mapping
};

class Builder : public YAML::EventHandler {
 public:
  Builder(std::string file, const Interpolator* interp) : file_(std::move(file)), interp_(interp) {}

  std::optional<Value> root;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Value v;
    v.where = where(mark);
    v.key_where = v.where;
    if (expecting_key()) throw Error(v.where.str(), "mapping keys must be plain strings, not null");
    finish(std::move(v), anchor, 1);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) throw Error(where(mark).str(), "invalid YAML: unknown anchor");
    const std::size_t n = it->second.second;
    aliased_ += n;
    decoded_ += n;
    if (decoded_ > kLowNodes &&
        static_cast<double>(aliased_) / static_cast<double>(decoded_) > allowed_alias_share(static_cast<double>(decoded_)))
      throw Error(where(mark).str(), "invalid YAML: document contains excessive aliasing (" +
                                         std::to_string(aliased_) + " nodes copied by aliases)");
    Value v = it->second.first;
    if (expecting_key()) {
      if (!v.is_scalar()) throw Error(where(mark).str(), "mapping keys must be plain strings");
      take_key(v.scalar, where(mark), "");
      return;
    }
    Location w = where(mark);
    v.key_where = w;
    finish(std::move(v), 0, n);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& text) override {
    ++decoded_;
    if (expecting_key()) {
      take_key(text, where(mark), tag);
      if (anchor) anchors_[anchor] = {Value::make_scalar(text, where(mark)), 1};
      return;
    }
    Value v;
    v.kind = Value::Kind::Scalar;
    v.where = where(mark);
    v.key_where = v.where;
    if (tag == "!reset" || tag == "!override") v.tag = tag;
    const bool interpolates = interp_ && text.find('$') != std::string::npos;
    v.scalar = interpolates ? interp_->expand(text, v.where.str()) : text;
    v.plain = tag == "?" && !interpolates;
    v.interpolated = tag == "?" && interpolates;
    finish(std::move(v), anchor, 1);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, Value::Kind::Seq);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, Value::Kind::Map);
  }

  void OnMapEnd() override {
    Frame& f = stack_.back();
    for (const auto& m : f.merges) {
      if (!m.is_map()) throw Error(m.where.str(), "a YAML merge key (<<) needs a mapping");
      for (const auto& [k, v] : m.map)
        if (!f.value.find(k)) f.value.map.emplace_back(k, v);
    }
    f.merges.clear();
    close();
  }

 private:
  std::string file_;
  const Interpolator* interp_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, std::pair<Value, std::size_t>> anchors_;
  std::size_t decoded_ = 0, aliased_ = 0;

  Location where(const YAML::Mark& mark) const {
    if (mark.is_null()) return {file_, 0, 0};
    return {file_, mark.line + 1, mark.column + 1};
  }

  bool expecting_key() const {
    return !stack_.empty() && stack_.back().value.is_map() && !stack_.back().key;
  }

  void take_key(const std::string& key, Location at, const std::string& tag) {
    Frame& f = stack_.back();
    f.key = key;
    f.key_where = at;
    f.key_is_merge = key == "<<" && tag == "?";
    if (!f.key_is_merge && f.value.find(key)) throw Error(at.str(), "duplicate key \"" + key + "\"");
  }

  void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, Value::Kind kind) {
    if (expecting_key()) throw Error(where(mark).str(), "mapping keys must be plain strings");
    if (stack_.size() >= kMaxDepth) throw Error(where(mark).str(), "YAML nesting is too deep");
    ++decoded_;
    Frame f;
    f.value.kind = kind;
    f.value.where = where(mark);
    f.value.key_where = f.value.where;
    if (tag == "!reset" || tag == "!override") f.value.tag = tag;
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    finish(std::move(f.value), f.anchor, f.nodes);
  }

  // A complete node: remember its anchor, then hang it under its parent.
  void finish(Value v, YAML::anchor_t anchor, std::size_t nodes) {
    if (anchor) anchors_[anchor] = {v, nodes};
    if (stack_.empty()) {
      if (!root) root = std::move(v);
      return;
    }
    Frame& parent = stack_.back();
    parent.nodes += nodes;
    if (parent.value.is_seq()) {
      parent.value.seq.push_back(std::move(v));
      return;
    }
    v.key_where = parent.key_where;
    if (parent.key_is_merge) {
      if (v.is_seq())
        for (auto& m : v.seq) parent.merges.push_back(std::move(m));
      else
        parent.merges.push_back(std::move(v));
    } else {
      parent.value.map.emplace_back(std::move(*parent.key), std::move(v));
    }
    parent.key.reset();
  }
};

}  // namespace

Value load_yaml_text(const std::string& text, const std::string& name, const Interpolator* interp) {
  std::istringstream in(text);
  Builder builder(name, interp);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const YAML::Exception& e) {
    std::string where = name;
    if (!e.mark.is_null()) where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
    throw Error(where, "invalid YAML: " + e.msg);
  }
  if (!builder.root) return Value{};
  return std::move(*builder.root);
}

Value load_yaml_file(const std::string& path, const Interpolator* interp) {
  // A Compose file may name others (extends, include, -f): only regular
  // files of a sane size, never /dev/zero or a FIFO that would be read forever.
  constexpr std::uintmax_t kMaxYamlBytes = 16u << 20;
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw Error(path, "not a regular file");
  if (!ec && std::filesystem::exists(status) && std::filesystem::file_size(path, ec) > kMaxYamlBytes && !ec)
    throw Error(path, "larger than 16 MiB; not a Compose file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, "cannot read the file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error(path, "cannot read the file");
  return load_yaml_text(buffer.str(), path, interp);
}

}  // namespace imgslim::compose
