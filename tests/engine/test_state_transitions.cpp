// The RFC 9293 state diagram as engine data, and every catalog trace replayed against it:
// each state change the engine makes is an edge of the figure or an end of the connection.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "app/content/scenario_catalog.hpp"
#include "engine/simulator.hpp"
#include "engine/state_transitions.hpp"

using namespace synack;

TEST_CASE("state transitions: the figure's 20 edges, once each", "[engine]") {
  std::set<std::pair<TcpState, TcpState>> seen;
  for (const StateTransition& t : rfc9293_figure()) {
    CHECK(seen.insert({t.from, t.to}).second);
    CHECK_FALSE(t.event.empty());
    CHECK(rfc9293_allows(t.from, t.to));
  }
  CHECK(seen.size() == 20);
  CHECK_FALSE(rfc9293_allows(TcpState::TIME_WAIT, TcpState::ESTABLISHED));
  CHECK_FALSE(rfc9293_allows(TcpState::CLOSED, TcpState::ESTABLISHED));
  CHECK_FALSE(rfc9293_allows(TcpState::LISTEN, TcpState::ESTABLISHED));  // always via SYN_RECEIVED
  CHECK_FALSE(rfc9293_allows(TcpState::ESTABLISHED, TcpState::ESTABLISHED));
  CHECK(rfc9293_allows(TcpState::ESTABLISHED, TcpState::CLOSED));  // a RST
}

TEST_CASE("state transitions: every catalog trace follows RFC 9293", "[engine][catalog]") {
  const auto content = find_content_dir();
  int changes = 0;
  for (const std::string& id : scenario_ids(content)) {
    const Scenario sc = load_scenario_arg(content, id);
    for (const char* profile : {"", "linux-6.18"}) {
      RunOptions o;
      if (*profile) o.profile = profile;
      const Trace t = run_scenario(sc.spec, o);
      for (const Event& e : t.events) {
        if (e.type != EventType::state) continue;
        CAPTURE(id, profile, state_name(e.from), state_name(e.to), e.t);
        CHECK(rfc9293_allows(e.from, e.to));
        ++changes;
      }
    }
  }
  CHECK(changes > 1000);
}
