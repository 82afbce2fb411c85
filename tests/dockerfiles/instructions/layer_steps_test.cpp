#include <doctest/doctest.h>

#include "dockerfiles/instructions/layer_steps.h"
#include "dockerfiles/syntax/parser.h"

using namespace imgslim::dockerfiles;

TEST_CASE("layer steps: history entries parse for BuildKit and the classic builder") {
  auto a = parse_history_step("RUN /bin/sh -c npm ci --omit=dev # buildkit");
  CHECK(a.keyword == "RUN");
  CHECK(a.text == "npm ci --omit=dev");
  auto b = parse_history_step("/bin/sh -c #(nop) COPY dir:0a1b in /app ");
  CHECK(b.keyword == "COPY");
  CHECK(b.text == "dir:0a1b in /app");
  auto c = parse_history_step("|2 NODE_ENV=production X=1 /bin/sh -c npm run build");
  CHECK(c.keyword == "RUN");
  CHECK(c.text == "npm run build");
  auto d = parse_history_step("RUN |1 TOKEN=x /bin/sh -c npm ci # buildkit");
  CHECK(d.text == "npm ci");
  CHECK(parse_history_step("/bin/sh -c #(nop)  CMD [\"node\"]").keyword == "CMD");
}

TEST_CASE("layer steps: layers map to the final stage's instructions, base layers stay unmapped") {
  Tree t = parse(
      "FROM node:20 AS build\n"
      "WORKDIR /src\n"
      "RUN npm ci\n"
      "FROM node:20-slim\n"
      "WORKDIR /app\n"
      "COPY --from=build /src/dist ./dist\n"
      "RUN apt-get update \\\n"
      "    && apt-get install -y curl\n"
      "COPY . .\n"
      "CMD [\"node\", \"dist/server.js\"]\n",
      "Dockerfile");
  std::vector<std::string> history = {
      "/bin/sh -c #(nop) ADD file:abc in / ",             // base image
      "RUN /bin/sh -c apt-get update # buildkit",         // base image, same keyword as a user step
      "WORKDIR /app",                                     // user
      "COPY /src/dist ./dist # buildkit",
      "RUN /bin/sh -c apt-get update     && apt-get install -y curl # buildkit",
      "COPY . . # buildkit",
  };
  auto m = map_layers_to_steps(t, history);
  REQUIRE(m.size() == 6);
  CHECK_FALSE(m[0].has_value());
  CHECK_FALSE(m[1].has_value());
  REQUIRE(m[2].has_value());
  CHECK(m[2]->at.line == 5);
  REQUIRE(m[3].has_value());
  CHECK(m[3]->at.line == 6);
  REQUIRE(m[4].has_value());
  CHECK(m[4]->at.line == 7);
  CHECK(m[4]->keyword == "RUN");
  REQUIRE(m[5].has_value());
  CHECK(m[5]->at.line == 9);
  CHECK(m[5]->instruction == "COPY . .");
}

TEST_CASE("layer steps: a final stage built FROM an earlier stage includes its steps") {
  Tree t = parse("FROM node:20 AS base\nRUN npm ci\nFROM base\nCOPY . .\n", "Dockerfile");
  auto m = map_layers_to_steps(t, {"base", "RUN /bin/sh -c npm ci # buildkit", "COPY . . # buildkit"});
  CHECK_FALSE(m[0].has_value());
  REQUIRE(m[1].has_value());
  CHECK(m[1]->at.line == 2);
  REQUIRE(m[2].has_value());
  CHECK(m[2]->at.line == 4);
}
