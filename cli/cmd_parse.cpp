// imgslim parse DOCKERFILE --format source|dump|json
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "dockerfiles/instructions/instruction_json.h"
#include "dockerfiles/syntax/parser.h"
#include "dockerfiles/syntax/source_file.h"
#include "support/error.h"

namespace {

struct ParseOptions {
  std::string path;
  std::string format = "dump";
};

int run_parse(const ParseOptions& o) {
  using namespace imgslim::dockerfiles;
  std::string text = read_dockerfile(o.path);
  std::string name = o.path == "-" ? "Dockerfile" : o.path;
  Tree tree = parse(text, name);
  if (o.format == "source") {
    std::cout << print(tree);
  } else if (o.format == "dump") {
    std::cout << dump(tree);
  } else {
    Dockerfile df = build_instructions(tree);
    std::cout << to_json(tree, df).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  std::cout.flush();
  return 0;
}

imgslim::cli::CommandRegistrar reg_parse(
    "parse", "Parse a Dockerfile as BuildKit does and print its syntax tree", [](CLI::App& app) {
      auto o = std::make_shared<ParseOptions>();
      app.add_option("DOCKERFILE", o->path, "Dockerfile to parse (- for standard input)")->required();
      app.add_option("--format", o->format,
                     "source: the file written back from the tree (byte-exact); dump: BuildKit's AST "
                     "dump; json: typed instructions with positions")
          ->check(CLI::IsMember({"source", "dump", "json"}))
          ->capture_default_str();
      return [o] { return run_parse(*o); };
    });

}  // namespace
