#include "builder/stack/port_check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace imgslim::builder::stack {

std::string tcp_port_problem(const std::string& host_ip, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::strerror(errno);
  int one = 1;  // a port held only by TIME_WAIT connections is free for a listener
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  std::string ip = host_ip.empty() ? "0.0.0.0" : host_ip;
  if (::inet_pton(AF_INET, ip.c_str(), &addr.sin_addr) != 1) {
    ::close(fd);
    return "";  // IPv6 or a name: left to the engine
  }
  std::string problem;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) problem = std::strerror(errno);
  ::close(fd);
  return problem;
}

}  // namespace imgslim::builder::stack
