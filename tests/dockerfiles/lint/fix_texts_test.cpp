// Lint's fix texts name the project's own files: the start command its CMD's
// script runs (in the workspace it names), the output folder its build
// writes, its package manager's install, pnpm's store under $PNPM_HOME. The
// same project facts drive the rewrite (one set of facts, one voice).
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

namespace {

// rule -> fix for `imgslim lint --format json` on a rewrite case's Dockerfile.
std::map<std::string, std::string> fixes_of(const std::string& df) {
  FILE* p = popen((std::string(IMGSLIM_BINARY) + " lint --format json '" + df + "' 2>/dev/null").c_str(), "r");
  REQUIRE(p);
  std::string out;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  pclose(p);
  auto doc = nlohmann::json::parse(out);
  std::map<std::string, std::string> m;
  for (const auto& f : doc["findings"]) m[f["rule"]] = f["fix"];
  return m;
}

std::map<std::string, std::string> fixes(const std::string& rewrite_case) {
  return fixes_of(std::string(IMGSLIM_SOURCE_DIR) + "/tests/dockerfiles/rewrite/cases/" + rewrite_case + "/Dockerfile");
}

}  // namespace

TEST_CASE("lint: fix texts come from the project's facts, not fixed strings") {
  SUBCASE("Next.js: next's own bin under node, the .next output") {
    auto f = fixes("next-server");
    CHECK(f["npm-as-runtime"] == "CMD [\"node\", \"node_modules/next/dist/bin/next\", \"start\", \"-p\", \"3000\"] (what the \"start\" script runs)");
    CHECK(f["multi-stage"].find("COPY --from=build /app/.next ./.next") != std::string::npos);
    CHECK(f["multi-stage"].find("dist") == std::string::npos);
  }
  SUBCASE("pnpm with PNPM_HOME: the store under it, pnpm's own commands, the build/ output") {
    auto f = fixes("pnpm-home");
    CHECK(f["cache-mounts"] == "RUN --mount=type=cache,target=/pnpm/store pnpm install --frozen-lockfile");
    CHECK(f["layer-order"] == "COPY package.json pnpm-lock.yaml ./ then RUN pnpm install --frozen-lockfile, then COPY . .");
    CHECK(f["prod-deps"].find("pnpm install --prod --frozen-lockfile") != std::string::npos);
    CHECK(f["npm-as-runtime"] == "CMD [\"node\", \"build/main.js\"] (what the \"start\" script runs)");
    CHECK(f["multi-stage"].find("/app/build ./build") != std::string::npos);
  }
  SUBCASE("yarn workspace: the workspace's start command and every workspace output it needs") {
    auto f = fixes("yarn-workspace-cmd");
    CHECK(f["npm-as-runtime"] ==
          "CMD [\"node\", \"packages/api/dist/index.js\"] (what the \"start\" script runs in packages/api)");
    CHECK(f["multi-stage"].find("/app/packages/api/dist") != std::string::npos);
    CHECK(f["multi-stage"].find("/app/packages/shared/lib") != std::string::npos);
    CHECK(f["layer-order"].find("packages/api/package.json") != std::string::npos);
  }
  SUBCASE("a Dockerfile alone: the fix says what is unknown instead of inventing dist/server.js") {
    const auto dir = std::filesystem::temp_directory_path() / "imgslim-fix-texts-lone";
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(std::string(IMGSLIM_SOURCE_DIR) + "/tests/dockerfiles/rewrite/lone/express-npm-start.Dockerfile",
                               dir / "Dockerfile", std::filesystem::copy_options::overwrite_existing);
    auto f = fixes_of((dir / "Dockerfile").string());
    CHECK(f["npm-as-runtime"].find("no package.json in the build context") != std::string::npos);
    CHECK(f["npm-as-runtime"].find("dist/server.js") == std::string::npos);
    std::filesystem::remove_all(dir);
  }
}
