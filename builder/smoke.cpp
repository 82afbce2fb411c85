#include "builder/smoke.h"

#include <unistd.h>

#include <chrono>
#include <thread>

#include "builder/process.h"

namespace imgslim::builder {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

bool is_root_user(const std::string& user) {
  std::string name = user.substr(0, user.find(':'));
  return name.empty() || name == "root" || name == "0";
}

// One HTTP GET; the status code, or a short reason in *why.
bool http_ok(const std::string& url, int pid, bool enter_netns, std::string* why) {
  std::vector<std::string> argv;
  if (enter_netns) argv = {"nsenter", "--net=/proc/" + std::to_string(pid) + "/ns/net"};
  argv.insert(argv.end(), {"curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2", url});
  auto r = run_process(argv, merged_output());
  std::string code = r.out.size() >= 3 ? r.out.substr(r.out.size() - 3) : r.out;
  if (r.exit_code == 0 && code.size() == 3 && code[0] == '2') return true;
  *why = r.exit_code == 0 ? "GET " + url + " answered " + code : "GET " + url + " failed: " + r.out;
  while (!why->empty() && why->back() == '\n') why->pop_back();
  return false;
}

}  // namespace

SmokeResult smoke_check(Engine& engine, const std::string& image, const ImageFacts& facts,
                        const SmokeOptions& options, const std::string& container_name) {
  SmokeResult result;
  result.user = facts.user.empty() ? "root" : facts.user;
  // A base's EXPOSE is inherited (nginx's 80 beside the app's 8080): every
  // exposed port is tried, the first that answers 2xx passes.
  std::vector<int> ports = options.port ? std::vector<int>{options.port} : facts.exposed_tcp_ports;
  bool use_url = !options.url_path.empty();
  if (use_url && ports.empty()) {
    result.method = "url";
    result.reason = "--smoke-url needs a port: the image exposes none (EXPOSE) and none was given";
    return result;
  }
  bool enter_netns = use_url && options.network != "host" && engine.is_local() && geteuid() == 0;
  result.method = use_url ? "url" : !options.cmd.empty() ? "cmd" : facts.has_healthcheck ? "healthcheck" : "running";

  RunRequest run;
  run.image = image;
  run.name = container_name;
  run.network = use_url && !enter_netns ? "host" : "none";
  run.labels = {{"org.imgslim.measure", "smoke"}};
  auto start = Clock::now();
  std::string container;
  try {
    container = engine.run(run);
  } catch (const std::exception& e) {
    result.reason = e.what();
    return result;
  }
  std::string last_why = "no check ran";
  bool passed = false;
  while (since(start) < options.timeout_seconds) {
    ContainerState st = engine.state(container);
    if (!st.running) {
      result.reason = "container exited with code " + std::to_string(st.exit_code) + "; last output:\n" +
                      engine.logs(container, 10);
      engine.remove_container(container);
      return result;
    }
    if (result.method == "url") {
      std::string why;
      last_why.clear();
      for (int port : ports) {
        std::string url = "http://127.0.0.1:" + std::to_string(port) + options.url_path;
        if ((passed = http_ok(url, st.pid, enter_netns, &why))) break;
        last_why += (last_why.empty() ? "" : "; ") + why;
      }
    } else if (result.method == "cmd") {
      std::string out;
      int rc = engine.exec(container, {"sh", "-c", options.cmd}, &out);
      passed = rc == 0;
      if (!passed) last_why = "`" + options.cmd + "` exited with " + std::to_string(rc) + ": " + out;
    } else if (result.method == "healthcheck") {
      passed = st.health == "healthy";
      last_why = "HEALTHCHECK status: " + (st.health.empty() ? std::string("none") : st.health);
      if (st.health == "unhealthy") break;
    } else {
      passed = since(start) >= options.keepalive_seconds;
    }
    if (passed) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (!passed) {
    result.reason = "no passing check within " + std::to_string(options.timeout_seconds) + " s (" + last_why + ")";
    engine.remove_container(container);
    return result;
  }
  result.startup_seconds = since(start);
  double left = options.keepalive_seconds - since(start);
  if (left > 0) std::this_thread::sleep_for(std::chrono::duration<double>(left));
  ContainerState st = engine.state(container);
  if (!st.running) {
    result.reason = "container stopped after the check (exit code " + std::to_string(st.exit_code) + ")";
    engine.remove_container(container);
    return result;
  }
  if (auto main = engine.main_process(container)) {
    result.uid = main->uid;
    result.main_process = main->command;
  }
  result.memory_bytes = engine.memory_usage(container);
  engine.remove_container(container);
  if (!is_root_user(facts.user) && result.uid == 0) {
    result.reason = "the main process runs as root although the image sets USER " + facts.user;
    return result;
  }
  result.ok = true;
  return result;
}

}  // namespace imgslim::builder
