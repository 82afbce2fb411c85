#include "cli/cli_model.h"

namespace imgslim::cli {

namespace {

// CLI11 appends each validator's description to the type name:
// "TEXT:{text,json,sarif}" for an IsMember check. The part in braces is the
// list of accepted values.
std::vector<std::string> choices_of(const CLI::Option& opt) {
  std::vector<std::string> out;
  std::string type = opt.get_type_name();
  auto open = type.find('{');
  auto close = type.find('}', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return out;
  std::string item;
  for (char c : type.substr(open + 1, close - open - 1)) {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

std::string value_name_of(const CLI::Option& opt) {
  std::string type = opt.get_type_name();
  auto colon = type.find(':');
  if (colon != std::string::npos) type.erase(colon);
  return type.empty() ? "VALUE" : type;
}

CommandDoc describe(const CLI::App& app, std::vector<std::string> path) {
  CommandDoc doc;
  doc.path = std::move(path);
  doc.description = app.get_description();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden
    const bool repeatable = opt->get_expected_max() >= CLI::detail::expected_max_vector_size ||
                            opt->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
    if (opt->get_lnames().empty() && opt->get_snames().empty()) {
      doc.positionals.push_back(
          {opt->get_name(), opt->get_description(), choices_of(*opt), opt->get_required(), repeatable});
      continue;
    }
    OptionDoc o;
    o.shorts = opt->get_snames();
    o.longs = opt->get_lnames();
    if (opt->get_expected_max() != 0) {  // a flag expects no value
      o.value_name = value_name_of(*opt);
      o.choices = choices_of(*opt);
    }
    o.description = opt->get_description();
    o.repeatable = repeatable;
    doc.options.push_back(std::move(o));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    if (sub->get_name().empty()) continue;  // an option group, not a command
    auto sub_path = doc.path;
    sub_path.push_back(sub->get_name());
    doc.subcommands.push_back(describe(*sub, std::move(sub_path)));
  }
  return doc;
}

void flatten_into(const CommandDoc& doc, std::vector<const CommandDoc*>& out) {
  out.push_back(&doc);
  for (const auto& sub : doc.subcommands) flatten_into(sub, out);
}

}  // namespace

std::string OptionDoc::display() const {
  std::string out;
  for (const auto& l : longs) out += (out.empty() ? "" : ", ") + std::string("--") + l;
  for (const auto& s : shorts) out += (out.empty() ? "" : ", ") + std::string("-") + s;
  return out;
}

std::string CommandDoc::full_name(const std::string& sep) const {
  std::string out;
  for (const auto& p : path) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string CommandDoc::synopsis() const {
  std::string out = full_name();
  if (!options.empty()) out += " [OPTIONS]";
  for (const auto& p : positionals) {
    std::string item = p.name + (p.repeatable ? "..." : "");
    out += " " + (p.required ? item : "[" + item + "]");
  }
  if (!subcommands.empty()) out += " COMMAND";
  return out;
}

CommandDoc describe_cli(const CLI::App& app) {
  std::string name = app.get_name().empty() ? "imgslim" : app.get_name();
  return describe(app, {name});
}

std::vector<const CommandDoc*> flatten(const CommandDoc& root) {
  std::vector<const CommandDoc*> out;
  flatten_into(root, out);
  return out;
}

}  // namespace imgslim::cli
