// A dropped connection in the middle of a blob: a relay in front of the real
// registry cuts the first download of one blob after some bytes; the source
// asks again with a Range request and the blob still verifies.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "tests/oci/live_env.h"
#include "oci/registry/registry_image.h"

using namespace imgslim::oci;

namespace {

// Forwards 127.0.0.1:<port()> to 127.0.0.1:<upstream>, one connection per
// request; the first GET of `cut_path` loses its connection after `cut_after`
// response bytes.
class CuttingRelay {
 public:
  CuttingRelay(int upstream, std::string cut_path, std::size_t cut_after)
      : upstream_(upstream), cut_path_(std::move(cut_path)), cut_after_(cut_after) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    REQUIRE(::listen(listener_, 16) == 0);
    thread_ = std::thread([this] { accept_loop(); });
  }
  ~CuttingRelay() {
    stop_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
    for (auto& t : workers_) t.join();
  }
  int port() const { return port_; }
  std::vector<std::string> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  bool did_cut() const { return cut_done_; }

 private:
  void accept_loop() {
    while (!stop_) {
      int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      workers_.emplace_back([this, client] { relay(client); });
    }
  }
  void relay(int client) {
    int server = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(upstream_));
    if (::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(client);
      ::close(server);
      return;
    }
    bool cut_this = false;
    std::size_t sent_down = 0;
    std::string first;
    char buf[16384];
    pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    while (::poll(fds, 2, 5000) > 0) {
      if (fds[0].revents) {
        ssize_t n = ::read(client, buf, sizeof buf);
        if (n <= 0) break;
        if (first.size() < 4096) {
          first.append(buf, n);
          if (first.find("\r\n\r\n") != std::string::npos) {
            std::lock_guard lock(mutex_);
            requests_.push_back(first.substr(0, first.find("\r\n\r\n")));
            if (!cut_done_ && first.find("GET " + cut_path_) == 0) cut_this = !cut_done_.exchange(true);
          }
        }
        if (::write(server, buf, n) != n) break;
      }
      if (fds[1].revents) {
        ssize_t n = ::read(server, buf, sizeof buf);
        if (n <= 0) break;
        if (cut_this && sent_down + n >= cut_after_) {
          ssize_t part = static_cast<ssize_t>(cut_after_ - sent_down);
          if (part > 0 && ::write(client, buf, part) != part) break;
          break;  // drop both connections mid-body
        }
        sent_down += n;
        if (::write(client, buf, n) != n) break;
      }
    }
    ::close(client);
    ::close(server);
  }

  int upstream_;
  std::string cut_path_;
  std::size_t cut_after_;
  int listener_ = -1, port_ = 0;
  std::atomic<bool> stop_{false}, cut_done_{false};
  std::thread thread_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::vector<std::string> requests_;
};

}  // namespace

TEST_CASE("registry: a download cut mid-blob resumes with a Range request and verifies") {
  REQUIRE(live::registry_up(5000));
  const std::string source = "imgslim-test/live-resume:1";
  live::build_sample_image(source);
  live::sh_ok("skopeo copy -q --dest-tls-verify=false docker-daemon:" + source +
              " docker://127.0.0.1:5000/live/resume:1");
  auto direct = open_registry_image("x", "127.0.0.1:5000/live/resume:1", {});
  // The largest layer (the busybox base), cut after 100 kB of the response.
  std::size_t largest = 0;
  for (std::size_t i = 0; i < direct->layer_count(); ++i)
    if (direct->layer(i).descriptor().size > direct->layer(largest).descriptor().size) largest = i;
  std::string digest = direct->layer(largest).descriptor().digest.str();
  REQUIRE(direct->layer(largest).descriptor().size > 300000);

  CuttingRelay relay(5000, "/v2/live/resume/blobs/" + digest, 100000);
  std::string through = "127.0.0.1:" + std::to_string(relay.port()) + "/live/resume:1";
  auto image = open_registry_image("x", through, {});
  auto layers = live::stream_all(*image, 2);
  CHECK(relay.did_cut());
  CHECK(layers[largest].digest == digest);
  bool ranged = false;
  for (const auto& r : relay.requests())
    if (r.find("GET /v2/live/resume/blobs/" + digest) == 0 && r.find("Range: bytes=") != std::string::npos) ranged = true;
  CHECK(ranged);
}
