// The file a timed rebuild changes and the copy it is changed in: the
// .dockerignore rules as the engine applies them, the source file found in
// the fixture apps' real contexts, the scratch copy of a context.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "builder/dockerignore_rules.h"
#include "builder/scratch_context.h"
#include "builder/source_probe.h"
#include "support/error.h"
#include "builder_support.h"
#include "tests/run_command.h"
#include "tree_snapshot.h"

using namespace imgslim::builder;
namespace fs = std::filesystem;

namespace {

void write(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("build times: .dockerignore rules match as the engine matches them") {
  auto rules = DockerignoreRules::parse("# comment\n\nnode_modules\n/dist/\n*.md\n!KEEP.md\n**/*.map\nsrc/gen*\n");
  CHECK(rules.excluded("node_modules"));
  CHECK(rules.excluded("node_modules/x/index.js"));  // a folder's pattern drops what is below it
  CHECK(rules.excluded("dist/app.js"));
  CHECK(rules.excluded("README.md"));
  CHECK_FALSE(rules.excluded("docs/guide.md"));  // no `/`: the root only, unlike .gitignore
  CHECK_FALSE(rules.excluded("KEEP.md"));        // taken back by the later `!` line
  CHECK(rules.excluded("src/deep/app.js.map"));
  CHECK(rules.excluded("src/generated/a.ts"));
  CHECK_FALSE(rules.excluded("src/server.ts"));
  CHECK(rules.has_exceptions());
  CHECK_FALSE(DockerignoreRules::parse("node_modules\n").has_exceptions());
  CHECK_FALSE(DockerignoreRules::parse("").excluded("src/server.ts"));
}

TEST_CASE("build times: the source file changed for a rebuild, in the fixture apps' contexts") {
  struct Case {
    std::string context, file, comment;
  };
  for (const auto& c : {Case{"fixtures/apps/backend", "src/server.ts", "/* %s */"},
                        Case{"fixtures/apps/frontend", "src/main.js", "/* %s */"},
                        Case{"fixtures/compose/measure/api", "server.js", "/* %s */"}}) {
    INFO(c.context);
    const std::string dir = test::source(c.context);
    REQUIRE_MESSAGE(fs::is_directory(dir), ("fixture context missing: " + dir));
    auto probe = find_source_probe(dir, DockerignoreRules::read(dir));
    REQUIRE(probe.has_value());
    CHECK(probe->file == c.file);
    CHECK(probe->comment == c.comment);
  }
}

TEST_CASE("build times: a source folder .dockerignore drops is passed over, and a context with no code file has none") {
  imgslim::testing::TempDir tmp;
  write(tmp / "src/generated.ts", "export const x = 1;\n");
  write(tmp / "lib/util.js", "module.exports = 1;");
  write(tmp / "vite.config.js", "export default {};\n");
  write(tmp / ".dockerignore", "src\n");
  auto probe = find_source_probe(tmp.path, DockerignoreRules::read(tmp.path));
  REQUIRE(probe.has_value());
  CHECK(probe->file == "lib/util.js");
  CHECK(probe_content("module.exports = 1;", *probe, "probe 1") == "module.exports = 1;\n/* probe 1 */\n");

  imgslim::testing::TempDir bare;
  write(bare / "package.json", "{}\n");
  write(bare / "webpack.config.js", "module.exports = {};\n");
  CHECK_FALSE(find_source_probe(bare.path, DockerignoreRules::read(bare.path)).has_value());
}

TEST_CASE("build times: the scratch copy leaves out what .dockerignore drops, is removed, the context untouched") {
  imgslim::testing::TempDir tmp;
  write(tmp / "ctx/src/server.ts", "console.log(1);\n");
  write(tmp / "ctx/node_modules/big/index.js", "x\n");
  write(tmp / "ctx/README.md", "# app\n");
  write(tmp / "ctx/.dockerignore", "node_modules\n*.md\n");
  fs::create_symlink("src/server.ts", tmp / "ctx/entry.ts");
  auto before = test::tree_snapshot(tmp / "ctx");
  std::string copy;
  {
    ScratchContext scratch(tmp / "ctx");
    copy = scratch.path();
    CHECK(fs::is_regular_file(copy + "/src/server.ts"));
    CHECK(fs::is_regular_file(copy + "/.dockerignore"));
    CHECK(fs::is_symlink(copy + "/entry.ts"));
    CHECK_FALSE(fs::exists(copy + "/node_modules"));
    CHECK_FALSE(fs::exists(copy + "/README.md"));
    std::ofstream(copy + "/src/server.ts", std::ios::app) << "/* changed */\n";
  }
  CHECK_FALSE(fs::exists(copy));
  CHECK(test::tree_snapshot(tmp / "ctx") == before);
  CHECK_THROWS_WITH_AS(ScratchContext(tmp / "missing"), doctest::Contains("build context is not a directory"),
                       imgslim::Error);
}
