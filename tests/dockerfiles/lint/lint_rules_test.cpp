// Every lint rule fires on a naive Dockerfile at the right line, stays
// quiet on a well-made one, and honours the ignore pragmas.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "dockerfiles/lint/lint.h"
#include "dockerfiles/syntax/parser.h"
#include "tests/dockerfiles/test_files.h"

using namespace imgslim::dockerfiles;

namespace {
std::vector<Finding> run_lint(const std::string& text, LintOptions o = {}) {
  Tree t = parse(text, "Dockerfile");
  return lint(t, build_instructions(t), o);
}
std::set<std::pair<std::string, int>> rule_lines(const std::vector<Finding>& fs) {
  std::set<std::pair<std::string, int>> out;
  for (const Finding& f : fs) out.insert({f.rule, f.line});
  return out;
}
}  // namespace

// A naive backend Dockerfile (our own), with every problem the linter knows.
const char* kNaive =
    "FROM ubuntu\n"                                                             // 1 unpinned-base
    "RUN apt-get update && apt-get upgrade -y\n"                                // 2 apt-upgrade
    "FROM node:20\n"                                                            // 3 slim-base non-root node-env
    "MAINTAINER ops@example.com\n"                                              // 4 maintainer
    "ARG NPM_TOKEN\n"                                                           // 5 secret-in-env
    "ENV DB_PASSWORD=hunter2 DB_PASSWORD_FILE=/run/secrets/db\n"               // 6 secret-in-env (once)
    "RUN apt-get update && apt-get install -y curl\n"                          // 7 apt-hygiene x2
    "WORKDIR /app\n"                                                            // 8
    "COPY . .\n"                                                                // 9 layer-order dockerignore
    "RUN npm install\n"                                                         // 10 prod-deps cache-mounts
    "RUN cd web && npm run build\n"                                             // 11 multi-stage cd-in-run
    "RUN curl -fsSL https://example.com/x.sh | sh\n"                            // 12 pipefail
    "ADD config.json /app/config.json\n"                                        // 13 add-instead-of-copy
    "RUN ['chmod', '+x', 'start.sh']\n"                                         // 14 invalid-exec-form
    "EXPOSE 3000\n"                                                             // 15 no-healthcheck
    "CMD npm start\n";                                                          // 16 shell-form-cmd init npm-as-runtime

TEST_CASE("lint: every rule fires on the naive Dockerfile with its line") {
  namespace fs = std::filesystem;
  fs::path ctx = fs::path(IMGSLIM_BUILD_DIR) / "lint-naive-context";
  fs::create_directories(ctx);
  fs::remove(ctx / ".dockerignore");
  LintOptions o;
  o.context_dir = ctx.string();
  auto got = rule_lines(run_lint(kNaive, o));
  std::set<std::pair<std::string, int>> want = {
      {"unpinned-base", 1}, {"apt-upgrade", 2},   {"slim-base", 3},     {"non-root", 3},
      {"node-env", 3},      {"maintainer", 4},    {"secret-in-env", 5}, {"secret-in-env", 6},
      {"apt-hygiene", 7},   {"layer-order", 9},   {"dockerignore", 9},  {"prod-deps", 10},
      {"cache-mounts", 10}, {"multi-stage", 11},  {"cd-in-run", 11},    {"pipefail", 12},
      {"add-instead-of-copy", 13}, {"invalid-exec-form", 14}, {"no-healthcheck", 15}, {"shell-form-cmd", 16},
      {"init", 16}, {"npm-as-runtime", 16}};
  CHECK(got == want);
  // Every documented rule is covered.
  std::set<std::string> rules;
  for (auto& [r, l] : got) rules.insert(r);
  // healthcheck-command-missing needs the base image read (--read-base): tests/builder/lint_base_image_test.cpp.
  CHECK(rules.size() + 1 == lint_rules().size());
  CHECK_FALSE(rules.count("healthcheck-command-missing"));

  // With a .dockerignore the dockerignore finding goes away.
  { std::FILE* f = std::fopen((ctx / ".dockerignore").c_str(), "w"); std::fputs("node_modules\n", f); std::fclose(f); }
  auto again = rule_lines(run_lint(kNaive, o));
  CHECK_FALSE(again.count({"dockerignore", 9}));
  CHECK(again.count({"layer-order", 9}));
}

TEST_CASE("lint: a well-made multi-stage Dockerfile is clean") {
  const char* good =
      "# syntax=docker/dockerfile:1\n"
      "FROM node:20-slim AS build\n"
      "WORKDIR /app\n"
      "COPY package.json package-lock.json ./\n"
      "RUN --mount=type=cache,target=/root/.npm npm ci\n"
      "COPY . .\n"
      "RUN npm run build\n"
      "FROM node:20-slim\n"
      "ENV NODE_ENV=production\n"
      "RUN apt-get update && apt-get install -y --no-install-recommends dumb-init && rm -rf /var/lib/apt/lists/*\n"
      "WORKDIR /app\n"
      "COPY package.json package-lock.json ./\n"
      "RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\n"
      "COPY --from=build /app/dist ./dist\n"
      "USER node\n"
      "EXPOSE 3000\n"
      "HEALTHCHECK CMD node -e \"fetch('http://localhost:3000/health')\"\n"
      "ENTRYPOINT [\"dumb-init\", \"--\"]\n"
      "CMD [\"node\", \"dist/server.js\"]\n";
  auto f = run_lint(good);
  for (const Finding& x : f) MESSAGE(x.rule << " " << x.line << " " << x.message);
  CHECK(f.empty());
}

TEST_CASE("lint: ignore pragmas, file-wide pragmas and ignore options") {
  const char* text =
      "# imgslim ignore-file=maintainer\n"
      "FROM node:20-alpine\n"
      "MAINTAINER x\n"
      "# imgslim ignore=npm-as-runtime, init\n"
      "CMD [\"npm\", \"start\"]\n";
  auto rules = rule_lines(run_lint(text));
  CHECK_FALSE(rules.count({"maintainer", 3}));
  CHECK_FALSE(rules.count({"npm-as-runtime", 5}));
  CHECK_FALSE(rules.count({"init", 5}));
  CHECK(rules.count({"non-root", 2}));
  LintOptions o;
  o.ignore = {"non-root", "node-env"};
  auto fewer = rule_lines(run_lint(text, o));
  CHECK_FALSE(fewer.count({"non-root", 2}));
}

TEST_CASE("lint: findings carry file, line, column and a fix") {
  auto f = run_lint("FROM node:20-alpine\nENV NODE_ENV=production\nUSER node\n  CMD node server.js\n");
  REQUIRE_FALSE(f.empty());
  auto it = std::find_if(f.begin(), f.end(), [](const Finding& x) { return x.rule == "shell-form-cmd"; });
  REQUIRE(it != f.end());
  CHECK(it->file == "Dockerfile");
  CHECK(it->line == 4);
  CHECK(it->column == 3);
  CHECK_FALSE(it->fix.empty());
  CHECK(it->severity == Severity::Warning);
}

TEST_CASE("lint: the reference naive backend and frontend Dockerfiles") {
  namespace fs = std::filesystem;
  const fs::path root = IMGSLIM_SOURCE_DIR;
  for (const char* app : {"backend", "frontend"}) {
    CAPTURE(app);
    fs::path df = root / "dockerfiles" / "templates" / (std::string(app) + ".Dockerfile");
    std::string text = imgslim::test::read_whole_file(df);
    REQUIRE_FALSE(text.empty());
    Tree t = parse(text, df.string());
    LintOptions o;
    o.context_dir = (root / "fixtures/apps" / app).string();
    auto got = rule_lines(lint(t, build_instructions(t), o));
    // Lines from the reference files: FROM, COPY . ., RUN npm install,
    // RUN npm run build, EXPOSE, CMD ["npm", ...].
    int from = 0, copy = 0, install = 0, build = 0, expose = 0, cmd = 0;
    for (const Node* n : t.instructions()) {
      std::string kw = n->keyword();
      int line = n->ast.start_line;
      if (kw == "FROM") from = line;
      if (kw == "COPY") copy = line;
      if (kw == "RUN" && n->ast.args.at(0) == "npm install") install = line;
      if (kw == "RUN" && n->ast.args.at(0) == "npm run build") build = line;
      if (kw == "EXPOSE") expose = line;
      if (kw == "CMD") cmd = line;
    }
    REQUIRE(from * copy * install * build * expose * cmd != 0);
    std::set<std::pair<std::string, int>> want = {
        {"slim-base", from},     {"non-root", from},      {"node-env", from},  {"layer-order", copy},
        {"dockerignore", copy},  {"prod-deps", install},  {"cache-mounts", install},
        {"multi-stage", build},  {"no-healthcheck", expose}, {"init", cmd},    {"npm-as-runtime", cmd}};
    for (const auto& w : want) {
      CAPTURE(w.first);
      CHECK(got.count(w));
    }
  }
}
