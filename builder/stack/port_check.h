// Published ports the stack needs, checked free on this machine before
// anything starts, so "port already in use" names the service and the port
// instead of surfacing as a half-started stack. With network_mode: host the
// process binds its ports itself: the listed ports are checked as well.
#pragma once
#include <string>

namespace imgslim::builder::stack {

// "" when a TCP listener could bind host_ip:port (host_ip "" = every
// address), else the reason ("address already in use").
std::string tcp_port_problem(const std::string& host_ip, int port);

}  // namespace imgslim::builder::stack
