// The packed event log: what goes in comes back out, for every type and at the edges of
// what a row holds inline (payloads past 31 bits, time blocks past 32 bits of microseconds).
#include <catch2/catch.hpp>

#include <vector>

#include "app/content/scenario_catalog.hpp"
#include "engine/event_log.hpp"
#include "engine/simulator.hpp"

using namespace synack;

namespace {

Event event(Micros t, EventType type, std::uint16_t host, std::uint32_t conn, Why why,
            std::int64_t a = 0, std::int64_t b = 0) {
  return make_event(t, type, host, conn, {why, a, b});
}

std::vector<Event> every_kind() {
  std::vector<Event> out;
  Event send = event(0, EventType::send, 0, 1, Why::connect_sends_syn);
  send.segment = 0;
  out.push_back(send);
  Event recv = event(10, EventType::recv, 1, 2, Why::syn_received_listen);
  recv.segment = kNoIndex;  // a segment index at the top of the range
  out.push_back(recv);
  Event state = event(10, EventType::state, 1, 2, Why::state_change);
  state.from = TcpState::LISTEN;
  state.to = TcpState::TIME_WAIT;
  out.push_back(state);
  Event app = event(20, EventType::app, 0, 1, Why::app_call);
  app.call = AppCall::sleep;
  app.result = AppResult::eaddrnotavail;
  app.value = 0x7fff'ffff;  // the largest value kept in the row
  out.push_back(app);
  app.value = 0x8000'0000;  // the smallest kept on the side
  out.push_back(app);
  app.value = -1;
  out.push_back(app);
  Event timer = event(30, EventType::timer, 0, 1, Why::timer_armed);
  timer.timer = TimerKind::ip_reassembly;
  timer.action = TimerAction::cancelled;
  timer.deadline = 30 + 7200 * kMicrosPerSec;  // keepalive-sized: more than 31 bits away
  out.push_back(timer);
  timer.deadline = 5;  // before the event itself
  out.push_back(timer);
  Event queue = event(40, EventType::queue, 1, 0, Why::syn_queue_add);
  queue.syn_queue = 4'000'000'000U;
  queue.syn_queue_max = 1;
  queue.accept_queue = 2;
  queue.accept_queue_max = 3;
  out.push_back(queue);
  // Reasons with numbers, and hosts past the first few.
  out.push_back(event(50, EventType::send, 7999, 9, Why::data_rto, 3, 4 * kMicrosPerSec));
  out.back().segment = 12;
  return out;
}

}  // namespace

TEST_CASE("event log: every type comes back as it went in", "[event_log]") {
  EventLog log;
  const std::vector<Event> in = every_kind();
  for (const Event& e : in) log.push_back(e);
  REQUIRE(log.size() == in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    INFO("event " << i);
    CHECK(log[i] == in[i]);
  }
  CHECK(log.back() == in.back());
  CHECK_THROWS_AS(log.at(in.size()), std::out_of_range);
}

TEST_CASE("event log: times far apart or going back start a new block", "[event_log]") {
  EventLog log;
  const std::vector<Micros> times = {0,
                                     (Micros{1} << 32) - 1,
                                     Micros{1} << 32,
                                     (Micros{1} << 33) + 5,
                                     7,  // back in time (a hand-made trace may do it)
                                     Micros{1} << 40};
  for (Micros t : times) log.push_back(event(t, EventType::state, 0, 1, Why::state_change));
  for (std::size_t i = 0; i < times.size(); ++i) CHECK(log[i].t == times[i]);
}

TEST_CASE("event log: fields that do not belong to the type are not kept", "[event_log]") {
  EventLog log;
  Event e = event(1, EventType::state, 0, 1, Why::state_change);
  e.value = 99;
  e.segment = 3;
  log.push_back(e);
  CHECK(log[0].value == 0);
  CHECK(log[0].segment == kNoIndex);
}

TEST_CASE("event log: appending after finish_appending still reads back", "[event_log]") {
  EventLog log;
  const std::vector<Event> in = every_kind();
  for (const Event& e : in) log.push_back(e);
  log.finish_appending();
  for (const Event& e : in) log.push_back(e);
  for (std::size_t i = 0; i < log.size(); ++i) CHECK(log[i] == in[i % in.size()]);
}

TEST_CASE("event log: a catalog trace packs into at most 16 B an event plus kinds", "[event_log]") {
  Scenario sc = load_scenario_arg(find_content_dir(), "syn-flood");
  const Trace t = run_scenario(sc.spec, RunOptions{});
  // Copying event by event into a fresh log gives the same events back.
  EventLog copy;
  for (const Event& e : t.events) copy.push_back(e);
  REQUIRE(copy.size() == t.events.size());
  for (std::size_t i = 0; i < copy.size(); ++i) REQUIRE(copy[i] == t.events[i]);
  CHECK(static_cast<double>(t.events.memory_bytes()) / static_cast<double>(t.events.size()) < 24);
}
