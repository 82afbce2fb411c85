// Typed instructions: flags, mounts, ARG/ENV scoping, stage resolution and
// the errors BuildKit's instructions package reports.
#include <doctest/doctest.h>

#include "dockerfiles/instructions/instructions.h"
#include "dockerfiles/syntax/parser.h"
#include "support/error.h"

using namespace imgslim::dockerfiles;

namespace {
Dockerfile build(const std::string& text, BuildOptions o = {}) { return build_instructions(parse(text), o); }
std::string problem(const std::string& text) {
  try {
    build(text);
  } catch (const imgslim::Error& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("instructions: global ARGs, stage ARGs, ENV and platform args") {
  const std::string text =
      "ARG BASE=node\n"
      "ARG TAG=20\n"
      "FROM --platform=$BUILDPLATFORM ${BASE}:${TAG}-alpine AS Build\n"
      "ARG TAG\n"
      "ARG TARGETARCH\n"
      "ENV DIR=/src/$TAG OTHER=$DIR\n"
      "WORKDIR $DIR/$TARGETARCH\n"
      "FROM build AS test\n"
      "WORKDIR ${DIR%/*}\n"
      "FROM ${BASE}:${TAG}-slim\n"
      "WORKDIR /x$DIR\n";
  Dockerfile df = build(text);
  REQUIRE(df.meta_args.size() == 2);
  REQUIRE(df.stages.size() == 3);
  CHECK(df.stages[0].name == "build");
  CHECK(df.stages[0].from.image == "node:20-alpine");
  CHECK(df.stages[0].from.image_raw == "${BASE}:${TAG}-alpine");
  CHECK(df.stages[0].from.platform == "linux/amd64");
  const EnvInstr* env = df.stages[0].instructions[3].as<EnvInstr>();
  REQUIRE(env);
  CHECK(env->vars[0].value == "/src/20");
  CHECK(env->vars[1].value == "");  // same-instruction ENV is not visible yet
  CHECK(df.stages[0].instructions[4].as<WorkdirInstr>()->path == "/src/20/amd64");
  CHECK(df.stages[1].base_stage == std::optional<std::size_t>(0));
  CHECK(df.stages[1].instructions[1].as<WorkdirInstr>()->path == "/src");  // ENV inherited
  CHECK(df.stages[2].instructions[1].as<WorkdirInstr>()->path == "/x");    // fresh scope
  CHECK(df.find_stage("BUILD") == std::optional<std::size_t>(0));

  BuildOptions o;
  o.build_args["TAG"] = "22";
  o.target_platform = "linux/arm64/v8";
  Dockerfile df2 = build(text, o);
  CHECK(df2.stages[0].from.image == "node:22-alpine");
  CHECK(df2.stages[0].instructions[4].as<WorkdirInstr>()->path == "/src/22/arm64");
}

TEST_CASE("instructions: RUN mounts, network, security") {
  Dockerfile df = build(
      "FROM alpine\nARG CACHE=/root/.npm\n"
      "RUN --mount=type=cache,target=$CACHE,sharing=locked,id=npm --mount=type=secret,id=token,required "
      "--mount=type=bind,from=ctx,source=/a,target=/b,rw --mount=type=tmpfs,target=/tmp,size=64m "
      "--mount=type=ssh --network=none --security=sandbox npm ci\n");
  const RunInstr* r = df.stages[0].instructions[2].as<RunInstr>();
  REQUIRE(r);
  REQUIRE(r->mounts.size() == 5);
  CHECK(r->mounts[0].type == "cache");
  CHECK(r->mounts[0].target == "/root/.npm");
  CHECK(r->mounts[0].sharing == "locked");
  CHECK_FALSE(r->mounts[0].read_only);
  CHECK(r->mounts[1].type == "secret");
  CHECK(r->mounts[1].required);
  CHECK(r->mounts[2].from == "ctx");
  CHECK_FALSE(r->mounts[2].read_only);
  CHECK(r->mounts[3].size_bytes == std::optional<long long>(64ll * 1024 * 1024));
  CHECK(r->mounts[4].type == "ssh");
  CHECK(r->network == "none");
  CHECK(r->security == "sandbox");
  CHECK(r->command.args == std::vector<std::string>{"npm ci"});
  CHECK_FALSE(r->command.json);
}

TEST_CASE("instructions: COPY/ADD flags and --from resolution") {
  Dockerfile df = build(
      "FROM node:20 AS deps\nFROM node:20\n"
      "COPY --from=deps --chown=1000:1000 --chmod=0644 --link --parents --exclude=*.md --exclude=test "
      "/app/node_modules ./node_modules\n"
      "COPY --from=0 /a /b\nCOPY --from=nginx:stable /etc/nginx /etc/nginx\n"
      "ADD --checksum=sha256:abc --keep-git-dir=true --unpack https://example.com/x.tar /x/\n"
      "COPY [\"a b\", \"/dst/\"]\n");
  const auto& ins = df.stages[1].instructions;
  const CopyInstr* c = ins[1].as<CopyInstr>();
  REQUIRE(c);
  CHECK(c->from_stage == std::optional<std::size_t>(0));
  CHECK(c->chown == "1000:1000");
  CHECK(c->chmod == "0644");
  CHECK(c->link);
  CHECK(c->parents);
  CHECK(c->excludes == std::vector<std::string>{"*.md", "test"});
  CHECK(ins[2].as<CopyInstr>()->from_stage == std::optional<std::size_t>(0));
  CHECK_FALSE(ins[3].as<CopyInstr>()->from_stage.has_value());
  const CopyInstr* add = ins[4].as<CopyInstr>();
  CHECK(add->is_add);
  CHECK(add->checksum == "sha256:abc");
  CHECK(add->keep_git_dir);
  CHECK(add->unpack);
  CHECK(ins[5].as<CopyInstr>()->json);
  CHECK(ins[5].as<CopyInstr>()->sources == std::vector<std::string>{"a b"});
}

TEST_CASE("instructions: HEALTHCHECK, EXPOSE, SHELL, ONBUILD, legacy ENV/LABEL, MAINTAINER") {
  Dockerfile df = build(
      "FROM alpine\n"
      "HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --start-interval=1s --retries=3 CMD curl -f http://localhost/\n"
      "EXPOSE 80/tcp 53/UDP 3000\n"
      "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
      "ONBUILD COPY . /app\n"
      "ENV PATH /usr/local/bin:$PATH\n"
      "LABEL version 1.0\n"
      "MAINTAINER Jane <jane@example.com>\n"
      "STOPSIGNAL SIGTERM\n"
      "HEALTHCHECK NONE\n");
  const auto& ins = df.stages[0].instructions;
  const HealthcheckInstr* h = ins[1].as<HealthcheckInstr>();
  REQUIRE(h);
  CHECK(h->interval == "30s");
  CHECK(h->retries == std::optional<int>(3));
  CHECK(h->test.args == std::vector<std::string>{"curl -f http://localhost/"});
  const ExposeInstr* e = ins[2].as<ExposeInstr>();
  REQUIRE(e->ports.size() == 3);
  CHECK(e->ports[1].port == "53");
  CHECK(e->ports[1].protocol == "udp");
  CHECK(e->ports[2].protocol == "tcp");
  CHECK(ins[3].as<ShellInstr>()->shell.size() == 4);
  CHECK(ins[4].as<OnbuildInstr>()->trigger == "COPY . /app");
  CHECK(ins[5].as<EnvInstr>()->vars[0].legacy);
  CHECK(ins[5].as<EnvInstr>()->vars[0].value == "/usr/local/bin:");
  CHECK(ins[6].as<LabelInstr>()->labels[0].value == "1.0");
  CHECK(ins[7].as<MaintainerInstr>()->name == "Jane <jane@example.com>");
  CHECK(ins[9].as<HealthcheckInstr>()->none);
}

TEST_CASE("instructions: BuildKit's errors, with line and column") {
  CHECK(problem("FROM a\nCOPY --frm=x a b\n") == "Dockerfile:2:1: unknown flag: --frm");
  CHECK(problem("FROM a\n  FOO bar\n") == "Dockerfile:2:3: unknown instruction: FOO (did you mean FROM?)");
  CHECK(problem("RUN x\n") == "Dockerfile:1:1: no build stage in current context");
  CHECK(problem("FROM a AS 1x\n").find("invalid name for build stage") != std::string::npos);
  CHECK(problem("FROM a b\n") == "Dockerfile:1:1: FROM requires either one or three arguments");
  CHECK(problem("FROM a\nRUN --mount=type=nfs x\n") == "Dockerfile:2:1: unsupported mount type \"nfs\"");
  CHECK(problem("FROM a\nRUN --mount=type=bind,mode=0600,target=/x x\n").find("mode not allowed") != std::string::npos);
  CHECK(problem("FROM a\nRUN --network=bridge x\n") == "Dockerfile:2:1: invalid network mode \"bridge\"");
  CHECK(problem("FROM a\nCOPY a\n").find("requires at least two arguments") != std::string::npos);
  CHECK(problem("FROM a\nSHELL /bin/sh\n").find("JSON form") != std::string::npos);
  CHECK(problem("FROM a\nONBUILD FROM b\n").find("isn't allowed as an ONBUILD trigger") != std::string::npos);
  CHECK(problem("FROM a\nHEALTHCHECK --retries=-1 CMD x\n").find("cannot be negative") != std::string::npos);
  CHECK(problem("FROM a\nCOPY --link=maybe a b\n").find("expecting boolean value") != std::string::npos);
  CHECK(problem("FROM a AS x\nCOPY --from=x a b\n").find("circular dependency") != std::string::npos);
}
