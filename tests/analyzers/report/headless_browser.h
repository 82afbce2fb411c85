// Test helper: loads a local HTML file in headless Chromium (Debian's
// `chromium`), returning the rendered DOM and the page's console messages,
// and optionally writing a screenshot.
#pragma once
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace imgslim::testing {

struct BrowserResult {
  int exit_code = -1;
  std::string dom;
  std::string console;  // "CONSOLE" log lines (console.* calls, uncaught errors)
};

inline std::string run_command(const std::string& cmd, int& rc) {
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[8192];
  while (p && fgets(buf, sizeof buf, p)) out += buf;
  rc = p ? pclose(p) : -1;
  return out;
}

inline BrowserResult load_in_chromium(const std::string& html_path, const std::string& screenshot = "") {
  char dir[] = "/tmp/imgslim-chromium-XXXXXX";
  std::string profile = mkdtemp(dir) ? dir : "/tmp/imgslim-chromium";
  std::string flags = " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                      " --disable-background-networking --disable-component-update --disable-sync"
                      " --user-data-dir='" + profile + "' --window-size=1280,1800 --virtual-time-budget=3000";
  BrowserResult r;
  std::string log = profile + "/console.log";
  r.dom = run_command("chromium" + flags + " --enable-logging=stderr --v=0 --dump-dom 'file://" + html_path +
                          "' 2>'" + log + "'",
                      r.exit_code);
  int rc = 0;
  r.console = run_command("grep -a 'CONSOLE' '" + log + "' || true", rc);
  if (!screenshot.empty())
    run_command("chromium" + flags + " --screenshot='" + screenshot + "' 'file://" + html_path + "' 2>/dev/null", rc);
  run_command("rm -rf '" + profile + "'", rc);
  return r;
}

inline std::size_t count_occurrences(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

}  // namespace imgslim::testing
