#include "builder/stack/stack_api.h"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "oci/client/http_client.h"
#include "oci/engine/client.h"
#include "support/error.h"

namespace imgslim::builder::stack {
namespace {

using nlohmann::json;

json parse(const std::string& body) { return json::parse(body, nullptr, false); }

std::string label_filter(const std::string& label) {
  return oci::url_encode(json{{"label", json::array({label})}}.dump());
}

// The `key` field of every object in a JSON array body.
std::vector<std::string> field_of_each(const json& doc, const char* key) {
  std::vector<std::string> out;
  if (doc.is_array())
    for (const auto& item : doc)
      if (item.is_object() && item.contains(key) && item[key].is_string()) out.push_back(item[key].get<std::string>());
  return out;
}

}  // namespace

double engine_time(const std::string& text) {
  std::tm tm{};
  int year = 0, mon = 0, day = 0, hour = 0, min = 0, sec = 0, used = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &mon, &day, &hour, &min, &sec, &used) != 6 || year < 1970)
    return 0;
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  double t = static_cast<double>(timegm(&tm));
  std::size_t i = static_cast<std::size_t>(used);
  if (i < text.size() && text[i] == '.') {
    double scale = 0.1;
    for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, scale /= 10) t += (text[i] - '0') * scale;
  }
  // An offset instead of Z (Podman writes local time with one).
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    int oh = 0, om = 0;
    if (std::sscanf(text.c_str() + i + 1, "%2d:%2d", &oh, &om) == 2) t -= (text[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
  }
  return t;
}

StackApi::StackApi(oci::EngineKind kind)
    : client_(std::make_unique<oci::EngineClient>(oci::resolve_engine_endpoint(kind))) {}

StackApi::~StackApi() = default;

std::string StackApi::describe() const {
  return client_->endpoint().engine_name() + " " + client_->server_version() + " at " + client_->endpoint().address;
}

bool StackApi::local() const { return !client_->endpoint().transport.unix_socket.empty(); }

std::optional<ImageInfo> StackApi::image(const std::string& ref) const {
  long status = 0;
  std::string body = client_->get_text("/images/" + ref + "/json", status);
  if (status == 404) return std::nullopt;
  if (status != 200) throw Error(ref, "the engine cannot inspect the image: " + oci::EngineClient::error_message(body));
  json doc = parse(body);
  if (!doc.is_object()) throw Error(ref, "the engine's image description is not JSON");
  ImageInfo info;
  info.id = doc.value("Id", "");
  info.size = doc.value("Size", std::uint64_t{0});
  const json& hc = doc.contains("Config") && doc["Config"].is_object() ? doc["Config"].value("Healthcheck", json())
                                                                       : json();
  if (hc.is_object() && hc.contains("Test") && hc["Test"].is_array() && !hc["Test"].empty())
    info.has_healthcheck = hc["Test"][0] != "NONE";
  return info;
}

std::vector<StackApi::HistoryStep> StackApi::history(const std::string& ref) const {
  long status = 0;
  json doc = parse(client_->get_text("/images/" + ref + "/history", status));
  std::vector<HistoryStep> out;
  if (status != 200 || !doc.is_array()) return out;
  for (auto it = doc.rbegin(); it != doc.rend(); ++it) {
    if (!it->is_object()) continue;
    std::int64_t size = it->value("Size", std::int64_t{0});
    out.push_back({std::to_string(it->value("Created", std::int64_t{0})) + " " + it->value("CreatedBy", "") + " " +
                       std::to_string(size),
                   size > 0 ? static_cast<std::uint64_t>(size) : 0});
  }
  return out;
}

std::string StackApi::pull(const std::string& ref) const {
  long status = 0;
  std::string body = client_->send("POST", "/images/create?fromImage=" + oci::url_encode(ref), "", status);
  if (status != 200) return oci::EngineClient::error_message(body);
  // Progress is a stream of JSON lines; a failure mid-way is an {"error": ...} line.
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    json line = parse(body.substr(start, end - start));
    if (line.is_object() && line.contains("error") && line["error"].is_string()) return line["error"].get<std::string>();
    start = end + 1;
  }
  return "";
}

std::string StackApi::create_network(const std::string& name, const std::string& driver, bool internal,
                                     const std::map<std::string, std::string>& labels) const {
  json body = {{"Name", name}, {"CheckDuplicate", true}, {"Internal", internal}, {"Labels", labels}};
  if (!driver.empty()) body["Driver"] = driver;
  long status = 0;
  std::string reply = client_->send("POST", "/networks/create", body.dump(), status);
  if (status != 201 && status != 200) throw Error("", oci::EngineClient::error_message(reply));
  return parse(reply).value("Id", name);
}

void StackApi::connect_network(const std::string& network_id, const std::string& body_json) const {
  long status = 0;
  std::string reply = client_->send("POST", "/networks/" + network_id + "/connect", body_json, status);
  if (status != 200) throw Error("", oci::EngineClient::error_message(reply));
}

void StackApi::create_volume(const std::string& name, const std::map<std::string, std::string>& labels) const {
  long status = 0;
  std::string reply = client_->send("POST", "/volumes/create", json{{"Name", name}, {"Labels", labels}}.dump(), status);
  if (status != 201 && status != 200) throw Error("", oci::EngineClient::error_message(reply));
}

std::string StackApi::create_container(const std::string& name, const std::string& body_json) const {
  long status = 0;
  std::string reply = client_->send("POST", "/containers/create?name=" + oci::url_encode(name), body_json, status);
  if (status != 201) throw Error("", oci::EngineClient::error_message(reply));
  return parse(reply).value("Id", "");
}

void StackApi::start_container(const std::string& id) const {
  long status = 0;
  std::string reply = client_->send("POST", "/containers/" + id + "/start", "", status);
  if (status != 204 && status != 304) throw Error("", oci::EngineClient::error_message(reply));
}

std::optional<ContainerStatus> StackApi::inspect(const std::string& id) const {
  long status = 0;
  std::string body = client_->get_text("/containers/" + id + "/json", status);
  json doc = parse(body);
  if (status != 200 || !doc.is_object() || !doc.contains("State") || !doc["State"].is_object()) return std::nullopt;
  const json& st = doc["State"];
  ContainerStatus s;
  s.status = st.value("Status", "");
  s.running = st.value("Running", false);
  s.oom_killed = st.value("OOMKilled", false);
  s.exit_code = st.value("ExitCode", 0);
  s.pid = st.value("Pid", 0);
  s.error = st.value("Error", "");
  s.restart_count = doc.value("RestartCount", 0);
  s.created = engine_time(doc.value("Created", ""));
  s.started_at = engine_time(st.value("StartedAt", ""));
  if (st.contains("Health") && st["Health"].is_object()) {
    s.health = st["Health"].value("Status", "");
    const json& log = st["Health"].value("Log", json::array());
    if (log.is_array() && !log.empty() && log.back().is_object()) {
      std::string output = log.back().value("Output", "");
      while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
      s.last_probe = "the last probe exited with " + std::to_string(log.back().value("ExitCode", -1)) +
                     (output.empty() ? "" : ": " + output);
    }
    if (log.is_array())
      for (const auto& probe : log)
        if (probe.is_object() && probe.value("ExitCode", -1) == 0) {
          s.first_healthy_probe = engine_time(probe.value("End", ""));
          break;
        }
  }
  return s;
}

std::optional<StatsSample> parse_stats(const std::string& json_text) {
  json doc = parse(json_text);
  if (!doc.is_object()) return std::nullopt;
  StatsSample s;
  if (doc.contains("memory_stats") && doc["memory_stats"].is_object()) {
    s.memory_usage = doc["memory_stats"].value("usage", std::uint64_t{0});
    s.memory_max = doc["memory_stats"].value("max_usage", std::uint64_t{0});
  }
  if (doc.contains("cpu_stats") && doc["cpu_stats"].is_object() && doc["cpu_stats"].contains("cpu_usage") &&
      doc["cpu_stats"]["cpu_usage"].is_object())
    s.cpu_seconds = doc["cpu_stats"]["cpu_usage"].value("total_usage", std::uint64_t{0}) / 1e9;
  return s;
}

std::optional<StatsSample> StackApi::stats(const std::string& id) const {
  long status = 0;
  std::string body = client_->get_text("/containers/" + id + "/stats?stream=false&one-shot=true", status);
  if (status != 200) return std::nullopt;
  return parse_stats(body);
}

std::unique_ptr<oci::HttpStream> StackApi::stats_stream(const std::string& id) const {
  return client_->get("/containers/" + id + "/stats?stream=true");
}

std::vector<std::string> StackApi::containers_labelled(const std::string& label) const {
  long status = 0;
  std::string body = client_->get_text("/containers/json?all=1&filters=" + label_filter(label), status);
  return status == 200 ? field_of_each(parse(body), "Id") : std::vector<std::string>{};
}

std::vector<std::string> StackApi::networks_labelled(const std::string& label) const {
  long status = 0;
  std::string body = client_->get_text("/networks?filters=" + label_filter(label), status);
  return status == 200 ? field_of_each(parse(body), "Id") : std::vector<std::string>{};
}

std::vector<std::string> StackApi::volumes_labelled(const std::string& label) const {
  long status = 0;
  json doc = parse(client_->get_text("/volumes?filters=" + label_filter(label), status));
  if (status != 200 || !doc.is_object()) return {};
  return field_of_each(doc.value("Volumes", json::array()), "Name");
}

bool StackApi::remove_container(const std::string& id) const {
  long status = 0;
  client_->send("DELETE", "/containers/" + id + "?force=true&v=true", "", status);
  return status == 204 || status == 404;
}

bool StackApi::remove_network(const std::string& id) const {
  long status = 0;
  client_->send("DELETE", "/networks/" + id, "", status);
  return status == 204 || status == 404;
}

bool StackApi::remove_volume(const std::string& name) const {
  long status = 0;
  client_->send("DELETE", "/volumes/" + oci::url_encode(name), "", status);
  return status == 204 || status == 404;
}

}  // namespace imgslim::builder::stack
