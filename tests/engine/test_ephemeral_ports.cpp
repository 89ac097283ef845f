// connect() without a fixed port takes a free port from ip_local_port_range (32768-60999);
// when all 28232 are taken towards the same peer it fails with EADDRNOTAVAIL instead of
// searching for ever.
#include <catch2/catch.hpp>

#include "engine/world.hpp"

using namespace synack;

namespace {

ScenarioSpec one_connect() {
  ScenarioSpec spec;
  spec.id = "ports";
  spec.hosts = {{"client", 0, {}}, {"server", 0, {}}};
  StepSpec connect;
  connect.call = AppCall::connect;
  connect.peer = "server";
  connect.port = 80;
  ProgramSpec client;
  client.name = client.host = "client";
  client.steps = {connect};
  spec.programs = {client};
  return spec;
}

AppResult connect_result(World& world) {
  Trace trace = world.run(nullptr);
  for (const Event& e : trace.events) {
    if (e.type == EventType::app && e.call == AppCall::connect && e.result != AppResult::blocked) {
      return e.result;
    }
  }
  return AppResult::blocked;  // still waiting when the run ended
}

}  // namespace

TEST_CASE("connect() with every ephemeral port in use fails with EADDRNOTAVAIL", "[ports]") {
  World world(one_connect(), RunOptions{});
  HostState& client = world.hosts_[0];
  const SockAddr remote{world.hosts_[1].addr, 80};
  for (std::uint32_t port = 32768; port <= 60999; ++port) {
    client.conns[conn_key({client.addr, static_cast<std::uint16_t>(port)}, remote)] = 0;
  }
  CHECK(connect_result(world) == AppResult::eaddrnotavail);
}

TEST_CASE("connect() takes the one ephemeral port left", "[ports]") {
  World world(one_connect(), RunOptions{});
  HostState& client = world.hosts_[0];
  const SockAddr remote{world.hosts_[1].addr, 80};
  for (std::uint32_t port = 32768; port <= 60999; ++port) {
    if (port == 45000) continue;
    client.conns[conn_key({client.addr, static_cast<std::uint16_t>(port)}, remote)] = 0;
  }
  Trace trace = world.run(nullptr);
  bool sent_from_free_port = false;
  for (const Event& e : trace.events) {
    if (e.type == EventType::send && e.host == 0) {
      sent_from_free_port = trace.segments[e.segment].seg.src.port == 45000;
      break;
    }
  }
  CHECK(sent_from_free_port);
}
