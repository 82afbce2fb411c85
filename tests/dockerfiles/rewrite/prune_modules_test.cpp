// The prune-modules script (rewrite/rules/prune_modules_script.cpp) run by
// the real node on a real node_modules tree: docs, tests, source maps and
// TypeScript go; package.json, licences and every file a package's main,
// exports or bin can load stay, even a main named like a README or one
// inside a test/ folder; the packages still load afterwards.
#include <doctest/doctest.h>

#include <filesystem>

#include "dockerfiles/rewrite/rules/rules.h"
#include "rewrite_test_support.h"

using namespace rewrite_test;
namespace fs = std::filesystem;

namespace {

void put(const std::string& root, const std::string& rel, const std::string& text) {
  fs::create_directories(fs::path(root + "/" + rel).parent_path());
  spit(root + "/" + rel, text);
}

std::string script_file(const std::string& dir) {
  std::string text;
  for (const auto& l : imgslim::dockerfiles::prune_modules_script()) {
    CHECK(l.find('\'') == std::string::npos);   // survives printf's single quotes
    CHECK(l.find('\\') == std::string::npos);
    text += l + "\n";
  }
  spit(dir + "/prune-modules.js", text);
  return dir + "/prune-modules.js";
}

}  // namespace

TEST_CASE("rewrite: prune-modules deletes docs and tests, keeps what packages load") {
  REQUIRE_MESSAGE(run("node --version >/dev/null 2>&1") == 0, "node missing (the prune-modules script runs on it)");
  const auto tmp = temp_dir("prune");
  const std::string nm = tmp + "/app/node_modules";
  // A plain package with everything prunable around its lib/.
  put(nm, "plain/package.json", R"({"name":"plain","main":"lib/index.js","bin":{"plain":"bin/cli.js"}})");
  put(nm, "plain/lib/index.js", "module.exports = 'plain:' + require('./util');\n");
  put(nm, "plain/lib/util.js", "module.exports = 'util';\n");
  put(nm, "plain/lib/index.d.ts", "export {};\n");
  put(nm, "plain/lib/index.js.map", "{}\n");
  put(nm, "plain/src/index.ts", "export const x = 1;\n");
  put(nm, "plain/bin/cli.js", "#!/usr/bin/env node\n");
  put(nm, "plain/README.md", "# plain\n");
  put(nm, "plain/CHANGELOG", "1.0.0\n");
  put(nm, "plain/History.md", "1.0.0\n");
  put(nm, "plain/LICENSE.md", "MIT\n");
  put(nm, "plain/NOTICE", "notice\n");
  put(nm, "plain/test/index.test.js", "throw new Error('test');\n");
  put(nm, "plain/examples/demo.js", "demo\n");
  // main is a README-like file (valid JavaScript with a .md name).
  put(nm, "readme-main/package.json", R"({"name":"readme-main","main":"README.md"})");
  put(nm, "readme-main/README.md", "module.exports = 'readme-main';\n");
  put(nm, "readme-main/docs.md", "# docs\n");
  // main inside a test/ folder, which requires its sibling.
  put(nm, "test-main/package.json", R"({"name":"test-main","main":"test/index"})");
  put(nm, "test-main/test/index.js", "module.exports = 'test-main:' + require('./helper');\n");
  put(nm, "test-main/test/helper.js", "module.exports = 'helper';\n");
  // exports with a subpath pattern into a folder called examples.
  put(nm, "@scope/patterns/package.json",
      R"({"name":"@scope/patterns","exports":{".":"./index.js","./examples/*":"./examples/*.js"}})");
  put(nm, "@scope/patterns/index.js", "module.exports = 'patterns';\n");
  put(nm, "@scope/patterns/examples/one.js", "module.exports = 'one';\n");
  put(nm, "@scope/patterns/tests/x.js", "x\n");
  // nested node_modules and pnpm's store layout.
  put(nm, "plain/node_modules/inner/package.json", R"({"name":"inner"})");
  put(nm, "plain/node_modules/inner/index.js", "module.exports = 'inner';\n");
  put(nm, "plain/node_modules/inner/__tests__/a.js", "a\n");
  put(nm, ".pnpm/stored@1.0.0/node_modules/stored/package.json", R"({"name":"stored"})");
  put(nm, ".pnpm/stored@1.0.0/node_modules/stored/index.js", "module.exports = 'stored';\n");
  put(nm, ".pnpm/stored@1.0.0/node_modules/stored/index.d.ts", "export {};\n");
  // typescript's compiler reads its own .d.ts files: left whole.
  put(nm, "typescript/package.json", R"({"name":"typescript","main":"lib/typescript.js"})");
  put(nm, "typescript/lib/typescript.js", "module.exports = 'ts';\n");
  put(nm, "typescript/lib/lib.es5.d.ts", "interface Array<T> {}\n");

  std::string out;
  REQUIRE(run("node " + quote(script_file(tmp)) + " " + quote(nm) + " 2>&1", &out) == 0);
  INFO(out);
  CHECK(out.starts_with("prune-modules: removed 12 files and folders, "));

  for (const char* gone : {"plain/lib/index.d.ts", "plain/lib/index.js.map", "plain/src/index.ts", "plain/README.md",
                           "plain/CHANGELOG", "plain/History.md", "plain/test", "plain/examples", "readme-main/docs.md",
                           "@scope/patterns/tests", "plain/node_modules/inner/__tests__",
                           ".pnpm/stored@1.0.0/node_modules/stored/index.d.ts"}) {
    CAPTURE(gone);
    CHECK_FALSE(fs::exists(nm + "/" + gone));
  }
  for (const char* kept : {"plain/package.json", "plain/lib/index.js", "plain/lib/util.js", "plain/bin/cli.js",
                           "plain/LICENSE.md", "plain/NOTICE", "readme-main/README.md", "test-main/test/helper.js",
                           "@scope/patterns/examples/one.js", "typescript/lib/lib.es5.d.ts"}) {
    CAPTURE(kept);
    CHECK(fs::exists(nm + "/" + kept));
  }
  // The packages still load.
  spit(tmp + "/app/load.js",
       "console.log([require('plain'), require('readme-main'), require('test-main'), require('@scope/patterns'),"
       " require('@scope/patterns/examples/one'), require('./node_modules/plain/node_modules/inner'),"
       " require('./node_modules/.pnpm/stored@1.0.0/node_modules/stored')].join(' '));\n");
  REQUIRE(run("cd " + quote(tmp + "/app") + " && node load.js 2>&1", &out) == 0);
  CHECK(out == "plain:util readme-main test-main:helper patterns one inner stored\n");
  // A second run finds nothing more.
  REQUIRE(run("node " + quote(tmp + "/prune-modules.js") + " " + quote(nm), &out) == 0);
  CHECK(out == "prune-modules: removed 0 files and folders, 0 bytes\n");
  fs::remove_all(tmp);
}
