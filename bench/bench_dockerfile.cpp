// Parser + typed instructions + lint speed on a generated 500-line
// Dockerfile (multi-stage, continuations, heredocs, ARG/ENV expansion,
// comments). Prints the time per file and per line; not run by ctest.
//
//   build/bench/imgslim-bench_dockerfile [LINES] [ITERATIONS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "dockerfiles/instructions/instructions.h"
#include "dockerfiles/lint/lint.h"
#include "dockerfiles/syntax/parser.h"

using namespace imgslim::dockerfiles;

static std::string generate(int lines) {
  std::string s = "# syntax=docker/dockerfile:1\nARG NODE_VERSION=20\nARG APP=/srv/app\n";
  int stage = 0;
  const auto count = [&] {
    int c = 0;
    for (char ch : s) c += ch == '\n';
    return c;
  };
  while (count() < lines) {
    s += "\n# stage " + std::to_string(stage) + "\n";
    s += "FROM --platform=$BUILDPLATFORM node:${NODE_VERSION}-slim AS s" + std::to_string(stage) + "\n";
    s += "ARG APP\nENV DIR=${APP}/s" + std::to_string(stage) + " PATH=/usr/local/bin:$PATH\nWORKDIR ${DIR%/*}\n";
    s += "RUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n"
         "       curl ca-certificates \\\n    # keep the list small\n    && rm -rf /var/lib/apt/lists/*\n";
    s += "COPY --link package.json package-lock.json ./\n";
    s += "RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci --omit=dev\n";
    s += "COPY <<EOF /etc/app.conf\nport=3000\nname=${DIR##*/}\nEOF\n";
    s += "RUN <<-SCRIPT\n\tset -e\n\techo building ${DIR}\n\tSCRIPT\n";
    s += "LABEL org.opencontainers.image.title=\"app ${NODE_VERSION}\" version=1.0\n";
    s += "COPY . .\nEXPOSE 3000/tcp\nUSER node\n";
    s += "HEALTHCHECK --interval=30s CMD [\"node\", \"-e\", \"process.exit(0)\"]\n";
    s += "CMD [\"node\", \"dist/server.js\"]\n";
    ++stage;
  }
  return s;
}

int main(int argc, char** argv) {
  int lines = argc > 1 ? std::atoi(argv[1]) : 500;
  int iterations = argc > 2 ? std::atoi(argv[2]) : 200;
  std::string text = generate(lines);
  int real_lines = 0;
  for (char c : text) real_lines += c == '\n';
  using clock = std::chrono::steady_clock;
  std::size_t findings = 0;
  double parse_s = 0, build_s = 0, lint_s = 0;
  for (int i = 0; i < iterations; ++i) {
    auto t0 = clock::now();
    Tree tree = parse(text, "bench.Dockerfile");
    auto t1 = clock::now();
    Dockerfile df = build_instructions(tree);
    auto t2 = clock::now();
    findings += lint(tree, df, {}).size();
    auto t3 = clock::now();
    parse_s += std::chrono::duration<double>(t1 - t0).count();
    build_s += std::chrono::duration<double>(t2 - t1).count();
    lint_s += std::chrono::duration<double>(t3 - t2).count();
  }
  const double per = 1e3 / iterations;
  std::printf("dockerfile: %d lines, %zu bytes, %d iterations, %zu findings/run\n", real_lines, text.size(),
              iterations, findings / static_cast<std::size_t>(iterations));
  std::printf("parse (CST + AST):      %8.3f ms/file  %7.2f us/line\n", parse_s * per, parse_s * per * 1e3 / real_lines);
  std::printf("typed instructions:     %8.3f ms/file  %7.2f us/line\n", build_s * per, build_s * per * 1e3 / real_lines);
  std::printf("lint (20 rules):        %8.3f ms/file  %7.2f us/line\n", lint_s * per, lint_s * per * 1e3 / real_lines);
  double total = (parse_s + build_s + lint_s) * per;
  std::printf("total:                  %8.3f ms/file  %7.2f us/line\n", total, total * 1e3 / real_lines);
  return 0;
}
