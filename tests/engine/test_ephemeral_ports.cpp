// connect() without a fixed port takes a free port from ip_local_port_range (32768-60999);
// when all 28232 are taken towards the same peer it fails with EADDRNOTAVAIL instead of
// searching for ever.
#include <catch2/catch.hpp>

#include "tests/support/tcp_harness.hpp"

using namespace synack;
using namespace synack::test;

namespace {

constexpr SockAddr kServer{kRemoteAddr, 80};

// Fills the local stack with established connections to kServer from every port of the
// default range except `free_port`.
void take_ports(Harness& h, std::uint32_t free_port = 0) {
  for (std::uint32_t port = 32768; port <= 60999; ++port) {
    if (port == free_port) continue;
    Tcb t;
    t.state = TcpState::ESTABLISHED;
    t.local = {kLocalAddr, static_cast<std::uint16_t>(port)};
    t.remote = kServer;
    h.stack().restore(h.now(), t);
  }
}

// connect() to kServer from a fresh process; returns its first non-blocked result.
AppResult connect_result(Harness& h) {
  Process p;
  p.id = 1;
  StepSpec connect;
  connect.call = AppCall::connect;
  connect.port = kServer.port;
  const std::size_t mark = h.trace().events.size();
  h.stack().connect(h.now(), p, connect, kServer);
  for (std::size_t i = mark; i < h.trace().events.size(); ++i) {
    const Event& e = h.trace().events[i];
    if (e.type == EventType::app && e.call == AppCall::connect) return e.result;
  }
  return AppResult::ok;
}

}  // namespace

TEST_CASE("connect() with every ephemeral port in use fails with EADDRNOTAVAIL", "[ports]") {
  Harness h;
  take_ports(h);
  CHECK(connect_result(h) == AppResult::eaddrnotavail);
}

TEST_CASE("connect() takes the one ephemeral port left", "[ports]") {
  Harness h;
  take_ports(h, 45000);
  h.mark();
  CHECK(connect_result(h) == AppResult::blocked);  // the SYN is out, waiting for an answer
  const auto sent = h.sent_since_mark();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].seg.flags == kSyn);
  CHECK(sent[0].seg.src.port == 45000);
}
