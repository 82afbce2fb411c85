// Hostile build contexts and Compose projects, as a pull request could bring
// them (issue #26): symlinks to a secret file outside, to /dev/zero, a FIFO,
// a link loop, a symlinked folder leaving the context, `..` paths. lint,
// rewrite (diff, --write, --variants, json) and compose each run to their
// documented exit, write nothing outside, and never print the secret; links
// that stay inside the context still work.
#include <sys/stat.h>

#include <filesystem>
#include <algorithm>
#include <fstream>
#include <map>

#include "tests/hostile/hostile_harness.h"

namespace fs = std::filesystem;
using namespace imgslim::testing;

namespace {

const std::string kMarker = "IMGSLIM-CONTEXT-SECRET-5b1e";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// Every path under dir (links not followed) with its content or link target.
std::map<std::string, std::string> snapshot(const std::string& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto rel = it->path().lexically_relative(dir).string();
    const auto type = it->symlink_status(ec).type();
    if (type == fs::file_type::symlink) out[rel] = "-> " + fs::read_symlink(it->path(), ec).string();
    else if (type == fs::file_type::regular) out[rel] = slurp(it->path().string());
    else out[rel] = "(other)";
  }
  REQUIRE_FALSE(ec);
  return out;
}

// tmp/outside: the runner's secrets and a folder a link leads to.
// tmp/ctx: a Node backend whose context files point out of it.
struct HostileContext {
  TempDir tmp;
  std::string outside = tmp / "outside", ctx = tmp / "ctx";

  HostileContext() {
    write(outside + "/secret.txt", "AWS_SECRET=" + kMarker + "\n");
    write(outside + "/nginx.conf", "# " + kMarker + "\nserver { listen 9999; location /secret-health { } }\n");
    write(outside + "/secret.js", "// " + kMarker + "\napp.listen(4567);\n");
    write(outside + "/pkgs/SECRETPKG/package.json", "{\"name\":\"" + kMarker + "\"}\n");
    write(outside + "/victim.txt", "victim\n");
    write(ctx + "/Dockerfile",
          "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nEXPOSE 3000\nCMD [\"npm\", \"start\"]\n");
    write(ctx + "/package.json",
          "{\"name\":\"api\",\"version\":\"1.0.0\",\"scripts\":{\"start\":\"node src/server.js\"},"
          "\"dependencies\":{\"express\":\"^4.19.2\"},\"workspaces\":[\"../outside/pkgs/*\"]}\n");
    write(ctx + "/src/server.js", "const app = require('express')();\napp.get('/health', (q, s) => s.send('ok'));\n"
                                  "app.listen(3000);\n");
    fs::create_symlink("../outside/secret.txt", ctx + "/.dockerignore");        // relative, leaving
    fs::create_symlink(outside + "/secret.txt", ctx + "/package-lock.json");   // absolute, leaving
    fs::create_symlink("/dev/zero", ctx + "/nginx.conf");                      // a device
    REQUIRE(::mkfifo((ctx + "/.nvmrc").c_str(), 0644) == 0);                  // a FIFO nobody writes
    fs::create_symlink("tsconfig.json", ctx + "/tsconfig.json");               // a loop
    fs::create_symlink("../outside", ctx + "/docker");                         // a folder leaving
    fs::create_symlink("../../outside/secret.js", ctx + "/src/leak.js");       // a source leaving
  }
};

void expect_no_secret(const CommandResult& r) {
  INFO("stdout: " << r.out.substr(0, 3000) << "\nstderr: " << r.err.substr(0, 2000));
  for (const std::string& s : {kMarker, std::string("AWS_SECRET"), std::string("9999"), std::string("4567"),
                               std::string("SECRETPKG"), std::string("secret-health")}) {
    CHECK(r.out.find(s) == std::string::npos);
    CHECK(r.err.find(s) == std::string::npos);
  }
}

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("hostile context: lint treats a .dockerignore leading outside as absent, with a note") {
  HostileContext h;
  const auto before = snapshot(h.outside);
  const auto r = run_imgslim({"lint", h.ctx + "/Dockerfile", "--context", h.ctx});
  CHECK(r.exit_code == 1);
  expect_no_secret(r);
  CHECK(r.out.find("[dockerignore] the whole context is copied and " + h.ctx + " has no .dockerignore") !=
        std::string::npos);
  CHECK(has_line(r.err, "note: " + h.ctx + "/.dockerignore: is a symbolic link leading outside the build context; "
                        "treated as absent"));
  CHECK(snapshot(h.outside) == before);
}

TEST_CASE("hostile context: rewrite reads nothing outside the context and says what it left out") {
  HostileContext h;
  const auto before = snapshot(h.outside);
  const auto ctx_before = snapshot(h.ctx);
  const auto r = run_imgslim({"rewrite", h.ctx + "/Dockerfile", "--context", h.ctx});
  CHECK(r.exit_code == 0);
  expect_no_secret(r);
  // The .dockerignore is new (the link is no file), the install has no lockfile.
  // Diff labels never carry a double slash: an absolute path outside the working directory loses its leading "/".
  CHECK(r.out.find("--- /dev/null\n+++ b/" + h.ctx.substr(h.ctx.find_first_not_of('/')) + "/.dockerignore") != std::string::npos);
  CHECK(r.out.find("npm install") != std::string::npos);
  CHECK(r.out.find("/health") != std::string::npos);  // the app's own source is still read
  const std::string why = "; treated as absent";
  for (const std::string& note :
       {h.ctx + "/.dockerignore: is a symbolic link leading outside the build context",
        h.ctx + "/package-lock.json: is a symbolic link leading outside the build context",
        h.ctx + "/nginx.conf: is a symbolic link leading outside the build context",
        h.ctx + "/.nvmrc: is a FIFO, not a regular file",
        h.ctx + "/tsconfig.json: is a symbolic link loop (more than 40 links)",
        h.ctx + "/docker/nginx.conf: reaches outside the build context through the symbolic link " + h.ctx + "/docker",
        h.ctx + "/src/leak.js: is a symbolic link leading outside the build context",
        h.ctx + "/../outside/pkgs: leaves the build context through `..`"})
    CHECK_MESSAGE(has_line(r.err, "note: " + note + why), note);
  CHECK(snapshot(h.outside) == before);
  CHECK(snapshot(h.ctx) == ctx_before);

  const auto json = run_imgslim({"rewrite", h.ctx + "/Dockerfile", "--context", h.ctx, "--format", "json"});
  CHECK(json.exit_code == 0);
  expect_no_secret(json);
  const auto doc = nlohmann::json::parse(json.out);
  const auto& notes = doc["notes"];
  CHECK(std::find(notes.begin(), notes.end(),
                  h.ctx + "/.dockerignore: is a symbolic link leading outside the build context" + why) != notes.end());
}

TEST_CASE("hostile context: rewrite --write replaces the link itself and never writes through it") {
  HostileContext h;
  const auto before = snapshot(h.outside);
  const auto r = run_imgslim({"rewrite", h.ctx + "/Dockerfile", "--context", h.ctx, "--write"});
  CHECK(r.exit_code == 0);
  expect_no_secret(r);
  CHECK(snapshot(h.outside) == before);  // the secret file is untouched, nothing new outside
  CHECK_FALSE(fs::is_symlink(h.ctx + "/.dockerignore"));
  const std::string ignore = slurp(h.ctx + "/.dockerignore");
  CHECK(ignore.find("node_modules") != std::string::npos);
  CHECK(ignore.find(kMarker) == std::string::npos);
  CHECK(slurp(h.ctx + "/Dockerfile").find("npm install") != std::string::npos);
  CHECK(slurp(h.ctx + "/Dockerfile").find(kMarker) == std::string::npos);
  // The other links are left as they were.
  CHECK(fs::read_symlink(h.ctx + "/package-lock.json") == fs::path(h.outside + "/secret.txt"));
  CHECK(fs::read_symlink(h.ctx + "/docker") == fs::path("../outside"));
}

TEST_CASE("hostile context: rewrite --variants replaces a planted link in the output folder") {
  HostileContext h;
  fs::create_directories(h.tmp / "variants");
  fs::create_symlink(h.outside + "/victim.txt", h.tmp / "variants/all.Dockerfile");
  const auto before = snapshot(h.outside);
  const auto r = run_imgslim({"rewrite", h.ctx + "/Dockerfile", "--context", h.ctx, "--variants", h.tmp / "variants"});
  CHECK(r.exit_code == 0);
  expect_no_secret(r);
  CHECK(snapshot(h.outside) == before);
  CHECK_FALSE(fs::is_symlink(h.tmp / "variants/all.Dockerfile"));
  CHECK(slurp(h.tmp / "variants/all.Dockerfile").find("FROM node:20") != std::string::npos);
}

TEST_CASE("hostile context: a Dockerfile that is a link out of its folder is not read") {
  HostileContext h;
  fs::create_directories(h.tmp / "app");
  fs::create_symlink("../outside/secret.txt", h.tmp / "app/Dockerfile");
  const auto before = snapshot(h.outside);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"parse", h.tmp / "app/Dockerfile"}, {"lint", h.tmp / "app/Dockerfile"},
        {"rewrite", h.tmp / "app/Dockerfile"}, {"rewrite", h.tmp / "app/Dockerfile", "--write"}}) {
    const auto r = run_imgslim(args);
    INFO(args[0] << " stderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "imgslim: " + (h.tmp / "app/Dockerfile") +
                       ": is a symbolic link leading outside the Dockerfile's folder; not read\n");
    expect_no_secret(r);
  }
  CHECK(snapshot(h.outside) == before);
}

TEST_CASE("hostile context: symlinks that stay inside the context still work") {
  TempDir tmp;
  const std::string ctx = tmp / "ctx";
  write(ctx + "/app/package.json",
        "{\"name\":\"api\",\"scripts\":{\"start\":\"node server.js\"},\"dependencies\":{\"express\":\"^4.19.2\"}}\n");
  write(ctx + "/app/package-lock.json", "{\"lockfileVersion\":3,\"packages\":{}}\n");
  write(ctx + "/docker/dockerignore", "# kept-inside-line\nnode_modules\n.git\n");
  write(ctx + "/Dockerfile", "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"npm\", \"start\"]\n");
  write(ctx + "/server.js", "require('express')().listen(3000);\n");
  fs::create_symlink("app/package.json", ctx + "/package.json");
  fs::create_symlink(fs::canonical(ctx).string() + "/app/package-lock.json", ctx + "/package-lock.json");
  fs::create_symlink("docker/dockerignore", ctx + "/.dockerignore");

  const auto lint = run_imgslim({"lint", ctx + "/Dockerfile", "--context", ctx});
  CHECK(lint.out.find("[dockerignore]") == std::string::npos);
  CHECK(lint.err.find("note:") == std::string::npos);

  const auto r = run_imgslim({"rewrite", ctx + "/Dockerfile", "--context", ctx});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("npm ci") != std::string::npos);  // the lockfile behind the link counts
  CHECK(r.out.find("CMD [\"node\", \"server.js\"]") != std::string::npos);
  CHECK(r.out.find(" # kept-inside-line") != std::string::npos);  // context line of the .dockerignore hunk
  CHECK(r.err.find("treated as absent") == std::string::npos);
}

TEST_CASE("hostile context: compose reads no mounted config or .env leading outside the project") {
  TempDir tmp;
  const std::string proj = tmp / "proj", outside = tmp / "outside";
  write(outside + "/secret.conf", "shared_buffers = '" + kMarker + "'\n");
  write(outside + "/nginx.conf", "events {}\nhttp { " + kMarker + " }\n");
  write(outside + "/confd/site.conf", "server { listen 9999; " + kMarker + " }\n");
  write(outside + "/secret.env", "DB_MEM=" + kMarker + "\n");
  write(proj + "/docker-compose.yml",
        "services:\n"
        "  db:\n"
        "    image: postgres:16\n"
        "    mem_limit: ${DB_MEM:-512m}\n"
        "    command: postgres -c config_file=/etc/postgresql/postgresql.conf\n"
        "    volumes:\n"
        "      - ./postgresql.conf:/etc/postgresql/postgresql.conf:ro\n"
        "      - ./pipe.conf:/etc/postgresql/conf.d/pipe.conf:ro\n"
        "      - ../outside/secret.conf:/etc/postgresql/conf.d/up.conf:ro\n"
        "  web:\n"
        "    image: nginx:stable\n"
        "    mem_limit: 64m\n"
        "    volumes:\n"
        "      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n"
        "  site:\n"
        "    image: nginx:stable\n"
        "    mem_limit: 64m\n"
        "    volumes:\n"
        "      - ./confd:/etc/nginx/conf.d:ro\n");
  fs::create_symlink("../outside/secret.conf", proj + "/postgresql.conf");
  fs::create_symlink(outside + "/nginx.conf", proj + "/nginx.conf");
  fs::create_symlink("../outside/confd", proj + "/confd");
  fs::create_symlink("../outside/secret.env", proj + "/.env");
  REQUIRE(::mkfifo((proj + "/pipe.conf").c_str(), 0644) == 0);
  const auto before = snapshot(outside);

  for (const std::string format : {"text", "json", "sarif"}) {
    const auto r = run_bounded({"compose", "-f", proj + "/docker-compose.yml", "--host-memory", "2G", "--format", format},
                               tmp.path, {}, Bounds{sanitized_build() ? 120 : 30});
    INFO(format << " stdout: " << r.result.out.substr(0, 3000) << "\nstderr: " << r.result.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.result.exit_code == 0);
    expect_no_secret(r.result);
    for (const std::string& note :
         {proj + "/.env: is a symbolic link leading outside the project directory",
          proj + "/postgresql.conf: is a symbolic link leading outside the project directory",
          proj + "/pipe.conf: is a FIFO, not a regular file",
          tmp.path + "/outside/secret.conf: is outside the project directory",
          proj + "/nginx.conf: is a symbolic link leading outside the project directory",
          proj + "/confd: is a symbolic link leading outside the project directory"})
      CHECK_MESSAGE(has_line(r.result.err, "note: " + note + "; treated as absent"), note);
  }
  const auto json = run_imgslim({"compose", "-f", proj + "/docker-compose.yml", "--host-memory", "2G", "--format", "json"});
  // The .env was not read: the limit is the default from the Compose file.
  CHECK(json.out.find("536870912") != std::string::npos);
  CHECK(snapshot(outside) == before);
}

TEST_CASE("hostile context: a Compose file cannot point the rewrite at a context outside the checkout") {
  TempDir tmp;  // no .git above it: the checkout is the current directory, work/
  const std::string work = tmp / "work", outside = tmp / "outside";
  write(outside + "/.dockerignore", "AWS_SECRET=" + kMarker + "\n");
  write(outside + "/package.json", "{\"name\":\"" + kMarker + "\",\"scripts\":{\"start\":\"node s.js\"}}\n");
  write(work + "/app/Dockerfile", "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"npm\", \"start\"]\n");
  write(work + "/app/package.json", "{\"name\":\"api\",\"scripts\":{\"start\":\"node server.js\"}}\n");
  write(work + "/app/compose.yaml",
        "services:\n  api:\n    build:\n      context: ../../outside\n      dockerfile: ../work/app/Dockerfile\n");
  const auto before = snapshot(outside);
  const auto r = run_imgslim({"rewrite", "app/Dockerfile"}, {}, work);
  CHECK(r.exit_code == 0);
  expect_no_secret(r);
  CHECK(r.err.find("note: app/compose.yaml: service api names a build context outside the checkout; "
                   "using app (--context to choose)") != std::string::npos);
  CHECK(r.out.find("CMD [\"node\", \"server.js\"]") != std::string::npos);  // the app's own package.json
  CHECK(snapshot(outside) == before);

  // A compose.yaml that is a link out of its folder is not read at all.
  fs::remove(work + "/app/compose.yaml");
  write(outside + "/compose.yaml", "services:\n  api:\n    build:\n      context: .\n      dockerfile: Dockerfile\n");
  fs::create_symlink("../../outside/compose.yaml", work + "/app/compose.yaml");
  const auto linked = run_imgslim({"rewrite", "app/Dockerfile"}, {}, work);
  CHECK(linked.exit_code == 0);
  expect_no_secret(linked);
  CHECK(linked.err.find("build context") == std::string::npos);
}
