#include "dockerfiles/project/scan.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>

#include "dockerfiles/project/files.h"

namespace imgslim::dockerfiles::facts_scan {

using nlohmann::json;
using namespace facts_files;

namespace {

std::string script(const json& pkg, const std::string& name) {
  auto s = pkg.value("/scripts"_json_pointer, json());
  if (s.is_object() && s.contains(name) && s[name].is_string()) return s[name].get<std::string>();
  return {};
}

bool is_env_assignment(const std::string& word) {
  static const std::regex re(R"(^[A-Za-z_][A-Za-z0-9_]*=.*$)");
  return std::regex_match(word, re);
}

// The script that `npm start`, `npm run X`, `yarn X`, `pnpm X` runs, or "" when
// the words are not a package-manager script call.
std::string called_script(const std::vector<std::string>& w) {
  if (w.empty()) return {};
  const auto& tool = w[0];
  if (tool != "npm" && tool != "yarn" && tool != "pnpm") return {};
  if (w.size() == 1) return tool == "npm" ? "" : "install";
  if (w[1] == "start" && w.size() == 2) return "start";
  if ((w[1] == "run" || w[1] == "run-script") && w.size() == 3) return w[2];
  if (tool != "npm" && w.size() == 2) return w[1];
  return {};
}

void add_port(ProjectFacts& f, int port) {
  if (port <= 0 || port > 65535) return;
  if (std::find(f.ports.begin(), f.ports.end(), port) == f.ports.end()) f.ports.push_back(port);
}

}  // namespace

void resolve_start(ProjectFacts& f, RootedDir& ctx, const json& pkg, const std::string& start_script,
                   const std::string& package_dir) {
  // Paths in the script are relative to the package's folder; the runtime's
  // CMD runs from the app folder, so they take the package folder in front.
  const auto in_package = [&](const std::string& path) {
    if (package_dir.empty() || path.empty() || path.starts_with("/") || path.starts_with("-")) return path;
    std::string p = path;
    while (p.starts_with("./")) p = p.substr(2);
    return package_dir + "/" + p;
  };
  std::string current = start_script;
  std::string text = script(pkg, start_script);
  if (text.empty() && start_script != "start") {
    f.start_note = "script \"" + start_script + "\" is not in " + (package_dir.empty() ? "" : package_dir + "/") +
                   "package.json";
    return;
  }
  for (int depth = 0; depth < 8; ++depth) {
    if (text.empty()) break;
    auto words = split_simple_command(text);
    if (!words) {
      f.start_note = "the \"" + current + "\" script uses shell syntax: " + text;
      return;
    }
    auto& w = *words;
    while (!w.empty() && is_env_assignment(w.front())) {
      f.start_env.push_back(w.front());
      w.erase(w.begin());
    }
    if (!w.empty() && w.front() == "cross-env") {
      w.erase(w.begin());
      while (!w.empty() && is_env_assignment(w.front())) {
        f.start_env.push_back(w.front());
        w.erase(w.begin());
      }
    }
    if (w.empty()) break;
    auto next = called_script(w);
    if (!next.empty()) {
      current = next;
      text = script(pkg, next);
      if (text.empty()) {
        f.start_note = "script \"" + next + "\" is not in package.json";
        return;
      }
      continue;
    }
    if (w.front() == "node" || w.front() == "nodemon") {
      w.front() = "node";
      for (size_t i = 1; i < w.size(); ++i)
        if (!w[i].starts_with("-")) {
          w[i] = in_package(w[i]);
          break;
        }
      f.start_command = w;
      return;
    }
    if (w.front() == "next" && w.size() >= 2 && w[1] == "start") {
      // next's own bin, run by node: no npm, no shell between the init and the server.
      w.front() = "node_modules/next/dist/bin/next";
      w.insert(w.begin(), "node");
      f.start_command = w;
      return;
    }
    f.start_note = "the \"" + current + "\" script runs " + w.front() + ", not node";
    for (const char* t : {"ts-node", "ts-node-dev", "tsx", "nodemon", "vite", "webpack-dev-server", "babel-node", "tsnd"})
      if (w.front() == t) f.dev_runner = w.front();
    return;
  }
  // npm's defaults: `main`, then server.js.
  if (pkg.contains("main") && pkg["main"].is_string()) {
    f.start_command = {"node", in_package(pkg["main"].get<std::string>())};
  } else if (ctx.exists(join(f.context_dir, in_package("server.js")))) {
    f.start_command = {"node", in_package("server.js")};
  } else if (f.start_note.empty()) {
    f.start_note = "package.json has no start script and no main";
  }
}

void scan_sources(ProjectFacts& f, RootedDir& ctx) {
  static const std::regex listen(R"(\.listen\(\s*(\d{2,5})\b)");
  static const std::regex port_default(R"(PORT\s*(?:\|\||\?\?)\s*['"]?(\d{2,5}))");
  static const std::regex health(
      R"(['"`](/(?:api/)?(?:v\d+/)?(?:health|healthz|healthcheck|livez|readyz|ready|status|ping))['"`])");
  for (const auto& file : source_files(f.context_dir)) {
    auto text = ctx.read(file);
    if (!text) continue;
    for (const auto* re : {&listen, &port_default})
      for (std::sregex_iterator it(text->begin(), text->end(), *re), end; it != end; ++it)
        add_port(f, std::stoi((*it)[1]));
    if (f.health_path.empty()) {
      std::smatch m;
      if (std::regex_search(*text, m, health)) f.health_path = m[1];
    }
  }
}

void find_native_modules(ProjectFacts& f, RootedDir& ctx, const json& pkg) {
  static const std::vector<std::string> known = {
      "bcrypt", "argon2", "sqlite3", "better-sqlite3", "node-sass", "canvas", "bufferutil",
      "utf-8-validate", "re2", "cpu-features", "node-pty", "deasync", "microtime", "leveldown",
      "zeromq", "@serialport/bindings-cpp", "farmhash", "isolated-vm", "libxmljs", "libxmljs2",
      "kerberos", "grpc", "sodium-native", "usb", "ffi-napi", "ref-napi", "node-expat", "iconv"};
  for (const char* key : {"dependencies", "devDependencies", "optionalDependencies"}) {
    if (!pkg.contains(key) || !pkg[key].is_object()) continue;
    for (auto it = pkg[key].begin(); it != pkg[key].end(); ++it) {
      const auto& name = it.key();
      bool native = std::find(known.begin(), known.end(), name) != known.end() ||
                    ctx.exists(join(f.context_dir, "node_modules/" + name + "/binding.gyp"));
      if (native && std::find(f.native_modules.begin(), f.native_modules.end(), name) == f.native_modules.end())
        f.native_modules.push_back(name);
    }
  }
}

std::string find_nginx_conf(RootedDir& ctx, const std::string& dir) {
  for (const char* name : {"nginx.conf", "default.conf", "nginx/nginx.conf", "nginx/default.conf",
                           "docker/nginx.conf", "docker/default.conf", ".nginx/nginx.conf", "conf/nginx.conf"})
    if (auto text = ctx.read(join(dir, name)); text && text->find("server") != std::string::npos &&
                                                 text->find("listen") != std::string::npos)
      return name;
  return {};
}

void read_nginx_conf(ProjectFacts& f, RootedDir& ctx) {
  auto text = ctx.read(join(f.context_dir, f.nginx_conf)).value_or("");
  static const std::regex listen(R"((?:^|\n)\s*listen\s+(?:[\d.]+:)?(\d+))");
  static const std::regex health(R"(location\s+(?:=\s*)?(/[\w/-]*(?:health|healthz|ping|status)))");
  std::smatch m;
  if (std::regex_search(text, m, listen)) f.nginx_listen_port = std::stoi(m[1]);
  if (std::regex_search(text, m, health)) f.health_path = m[1];
}

}  // namespace imgslim::dockerfiles::facts_scan

namespace imgslim::dockerfiles {

std::optional<std::vector<std::string>> split_simple_command(const std::string& s) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(cur), cur.clear(), in_word = false;
      continue;
    }
    if (c == '&' || c == '|' || c == ';' || c == '<' || c == '>' || c == '`' || c == '(' || c == ')')
      return std::nullopt;
    if (c == '$' || c == '*' || c == '?' || c == '~') return std::nullopt;
    in_word = true;
    if (c == '\\') {
      if (i + 1 >= s.size()) return std::nullopt;
      cur += s[++i];
    } else if (c == '\'') {
      auto end = s.find('\'', i + 1);
      if (end == std::string::npos) return std::nullopt;
      cur += s.substr(i + 1, end - i - 1);
      i = end;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < s.size() && s[j] != '"'; ++j) {
        if (s[j] == '$' || s[j] == '`') return std::nullopt;
        if (s[j] == '\\' && j + 1 < s.size()) ++j;
        cur += s[j];
      }
      if (j >= s.size()) return std::nullopt;
      i = j;
    } else {
      cur += c;
    }
  }
  if (in_word) words.push_back(cur);
  return words;
}

}  // namespace imgslim::dockerfiles
