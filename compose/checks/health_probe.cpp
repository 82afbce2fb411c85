#include "compose/checks/health_probe.h"

#include <cstdlib>

#include "compose/checks/checks.h"

namespace imgslim::compose {
namespace {

int port_of(const std::string& spec) {
  // "3001", "3000:3001", "127.0.0.1:80:8080/tcp", "8000-8001:3000" -> the container side.
  std::string s = spec.substr(0, spec.find('/'));
  if (auto colon = s.rfind(':'); colon != std::string::npos) s = s.substr(colon + 1);
  s = s.substr(0, s.find('-'));
  char* end = nullptr;
  long n = std::strtol(s.c_str(), &end, 10);
  return (!s.empty() && *end == '\0' && n > 0 && n < 65536) ? static_cast<int>(n) : 0;
}

int first_port(const Value* list) {
  if (!list || !list->is_seq()) return 0;
  for (const auto& item : list->seq) {
    int p = 0;
    if (item.is_scalar()) p = port_of(item.scalar);
    else if (const Value* t = item.find("target")) p = port_of(t->text());
    if (p) return p;
  }
  return 0;
}

int env_port(const Service& s, const char* key) {
  auto it = s.environment.find(key);
  return it == s.environment.end() ? 0 : port_of(it->second);
}

bool alpine(const Service& s) { return s.image.find("alpine") != std::string::npos; }

// One HTTP GET with `tool`; `ok_below_500`: any answer but a server error counts.
std::vector<std::string> http_test(const std::string& tool, const std::string& url, bool ok_below_500, int port) {
  if (tool == "node")
    return {"CMD", "node", "-e",
            "fetch('" + url + "').then(r=>process.exit(r." + (ok_below_500 ? std::string("status<500") : "ok") +
                "?0:1),()=>process.exit(1))"};
  if (tool == "wget") return {"CMD", "wget", "-q", "--spider", url};
  if (tool == "curl") return {"CMD", "curl", "-fsS", "-o", "/dev/null", url};
  // bash: a raw HTTP/1.0 request over /dev/tcp; healthy below status 500.
  std::string path = url.substr(url.find('/', url.find("//") + 2));
  return {"CMD", "bash", "-c",
          "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(port) + " && printf 'GET " + path +
              " HTTP/1.0\\r\\n\\r\\n' >&3 && read -r _ code _ <&3 && [ \"$code\" -lt " +
              (ok_below_500 ? "500" : "400") + " ]"};
}

std::string tool_name(const std::string& tool, const ImageFacts* facts) {
  if (tool == "node") return "node -e with fetch";
  if (tool == "bash") return "bash's /dev/tcp";
  if (tool == "wget" && facts && image_has_command(*facts, "busybox")) return "busybox wget";
  return tool;
}

}  // namespace

int service_http_port(const Service& s) {
  if (int p = first_port(s.raw ? s.raw->find("ports") : nullptr)) return p;
  if (int p = first_port(s.raw ? s.raw->find("expose") : nullptr)) return p;
  if (is_n8n(s)) return env_port(s, "N8N_PORT") ? env_port(s, "N8N_PORT") : 5678;
  if (int p = env_port(s, "PORT")) return p;
  if (is_nginx(s)) return 80;
  return 3000;
}

std::string probe_tools(const ImageFacts& facts) {
  std::string out;
  auto add = [&](const std::string& t) { out += (out.empty() ? "" : ", ") + t; };
  if (image_has_command(facts, "wget")) add(tool_name("wget", &facts));
  if (image_has_command(facts, "curl")) add("curl");
  if (image_has_command(facts, "node")) add("node -e with fetch");
  if (image_has_command(facts, "pg_isready")) add("pg_isready");
  if (image_has_command(facts, "bash")) add("bash's /dev/tcp");
  return out;
}

std::optional<HealthProbe> health_probe(const Service& s, const ImageFacts* facts) {
  const bool known = facts && !facts->path.empty();
  if (is_postgres(s)) {
    if (known && !image_has_command(*facts, "pg_isready")) return std::nullopt;
    return HealthProbe{{"CMD-SHELL", "pg_isready -U \"${POSTGRES_USER:-postgres}\" -d \"${POSTGRES_DB:-${POSTGRES_USER:-postgres}}\""},
                       "pg_isready", "the server accepts connections"};
  }
  const int port = service_http_port(s);
  const bool n8n = is_n8n(s);
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + (n8n ? "/healthz" : "/");
  const bool below_500 = !n8n;  // n8n's /healthz answers 200; an app's / may answer 404 and still be up
  std::vector<std::string> order;
  if (n8n || is_node(s) || (!is_nginx(s) && s.builds)) order = {"node", "wget", "curl", "bash"};
  else order = {"wget", "curl", "node", "bash"};
  std::string tool;
  if (known) {
    for (const auto& t : order)
      if (image_has_command(*facts, t)) {
        tool = t;
        break;
      }
    if (tool.empty()) return std::nullopt;
  } else {
    tool = is_nginx(s) ? (alpine(s) ? "wget" : "bash") : order.front();
  }
  std::string checks = "GET " + url + (below_500 ? " answers below 500" : " answers 2xx");
  return HealthProbe{http_test(tool, url, below_500, port), tool_name(tool, facts), checks};
}

}  // namespace imgslim::compose
