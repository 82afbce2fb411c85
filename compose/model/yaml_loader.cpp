#include "compose/model/yaml_loader.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/error.h"

namespace imgslim::compose {
namespace {

constexpr int kMaxDepth = 200;

struct Converter {
  std::string file;
  const Interpolator* interp;

  Location where(const YAML::Node& node) const {
    auto mark = node.Mark();
    if (mark.is_null()) return {file, 0, 0};
    return {file, mark.line + 1, mark.column + 1};
  }

  void merge_defaults(Value& into, const Value& from) const {
    if (!from.is_map()) throw Error(from.where.str(), "a YAML merge key (<<) needs a mapping");
    for (const auto& [k, v] : from.map)
      if (!into.find(k)) into.map.emplace_back(k, v);
  }

  Value convert(const YAML::Node& node, int depth) const {
    if (depth > kMaxDepth) throw Error(where(node).str(), "YAML nesting is too deep");
    Value out;
    out.where = where(node);
    out.key_where = out.where;
    const std::string& tag = node.Tag();
    if (tag == "!reset" || tag == "!override") out.tag = tag;
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = Value::Kind::Null;
        break;
      case YAML::NodeType::Scalar: {
        out.kind = Value::Kind::Scalar;
        const std::string& raw = node.Scalar();
        out.scalar = interp ? interp->expand(raw, out.where.str()) : raw;
        break;
      }
      case YAML::NodeType::Sequence:
        out.kind = Value::Kind::Seq;
        for (const auto& item : node) out.seq.push_back(convert(item, depth + 1));
        break;
      case YAML::NodeType::Map: {
        out.kind = Value::Kind::Map;
        std::vector<Value> merges;
        for (const auto& kv : node) {
          if (!kv.first.IsScalar())
            throw Error(where(kv.first).str(), "mapping keys must be plain strings");
          std::string key = kv.first.Scalar();
          Value v = convert(kv.second, depth + 1);
          v.key_where = where(kv.first);
          if (key == "<<" && kv.first.Tag() != "tag:yaml.org,2002:str") {
            if (v.is_seq()) {
              for (auto& m : v.seq) merges.push_back(std::move(m));
            } else {
              merges.push_back(std::move(v));
            }
            continue;
          }
          if (out.find(key)) throw Error(where(kv.first).str(), "duplicate key \"" + key + "\"");
          out.map.emplace_back(std::move(key), std::move(v));
        }
        for (const auto& m : merges) merge_defaults(out, m);
        break;
      }
    }
    return out;
  }
};

}  // namespace

Value load_yaml_text(const std::string& text, const std::string& name, const Interpolator* interp) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    std::string where = name;
    if (!e.mark.is_null()) where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
    throw Error(where, "invalid YAML: " + e.msg);
  }
  Converter conv{name, interp};
  return conv.convert(root, 0);
}

Value load_yaml_file(const std::string& path, const Interpolator* interp) {
  // A Compose file may name others (extends, -f): only regular files of a
  // sane size, never /dev/zero or a FIFO that would be read forever.
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
