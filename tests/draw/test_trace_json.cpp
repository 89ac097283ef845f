#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "app/draw/trace_json.hpp"
#include "tests/support/trace_fixture.hpp"

using namespace synack;
using synack::test::TraceFixture;
using Json = nlohmann::ordered_json;

namespace {

std::vector<std::string> keys(const Json& obj) {
  std::vector<std::string> out;
  for (auto it = obj.begin(); it != obj.end(); ++it) out.push_back(it.key());
  return out;
}

const Json& find_event(const Json& events, std::string_view type, std::string_view flags = "") {
  for (const auto& e : events) {
    if (e["type"] == type && (flags.empty() || e.value("flags", "") == flags)) return e;
  }
  FAIL("no " << type << " event with flags " << flags);
  return events;
}

}  // namespace

TEST_CASE("json: top level fields in a fixed order") {
  TraceFixture f;
  f.handshake();
  Json j = Json::parse(format_json(f.trace()));
  CHECK(keys(j) == std::vector<std::string>{"scenario", "seed", "profile", "sysctls", "hosts",
                                            "end_ms", "truncated", "events"});
  CHECK(j["scenario"] == "unit");
  CHECK(j["seed"] == 7);
  CHECK(j["profile"] == "classic");
  CHECK(j["sysctls"]["tcp_syn_retries"] == 5);
  CHECK(keys(j["sysctls"]) == std::vector<std::string>{"tcp_syn_retries", "somaxconn"});
  REQUIRE(j["hosts"].size() == 2);
  CHECK(j["hosts"][0]["name"] == "client");
  CHECK(j["hosts"][0]["addr"] == "10.0.0.1");
  CHECK(j["hosts"][0]["sysctls"].is_object());
  CHECK(j["hosts"][0]["sysctls"].empty());
  CHECK(j["hosts"][1]["sysctls"]["somaxconn"] == 64);
  CHECK(j["end_ms"] == 30.0);
  CHECK(j["truncated"] == false);
  CHECK(j["events"].size() == f.trace().events.size());
}

TEST_CASE("json: segment events carry relative and raw numbers") {
  TraceFixture f;
  f.handshake();
  Json events = Json::parse(format_json(f.trace()))["events"];
  const Json& synack = find_event(events, "send", "SYN,ACK");
  CHECK(keys(synack) == std::vector<std::string>{"t_ms", "type", "host", "conn", "src", "dst",
                                                 "flags", "seq", "ack", "seq_raw", "ack_raw", "len",
                                                 "win", "options", "segment", "reason",
                                                 "reason_code", "rfc"});
  CHECK(synack["t_ms"].is_number_float());
  CHECK(synack["t_ms"] == 10.0);
  CHECK(synack["host"] == "server");  // send: the sender
  CHECK(synack["src"] == "10.0.0.2:80");
  CHECK(synack["dst"] == "10.0.0.1:40000");
  // Server ISN 5000, client ISN 1000: relative seq 0 and ack 1 (the client's SYN took one).
  CHECK(synack["seq"] == 0);
  CHECK(synack["ack"] == 1);
  CHECK(synack["seq_raw"] == 5000);
  CHECK(synack["ack_raw"] == 1001);
  CHECK(synack["len"] == 0);
  CHECK(synack["win"] == 64240);
  CHECK(synack["options"] == "mss 1460");
  CHECK(synack["segment"] == 1);
  CHECK_FALSE(synack.contains("retransmit_of"));
  CHECK(synack["reason_code"] == "syn_received_listen");
  CHECK(synack["reason"] == describe({Why::syn_received_listen, 0, 0}, Lang::en));
  CHECK(synack["rfc"] == "RFC 9293 §3.10.7.2");

  const Json& recv = find_event(events, "recv", "SYN,ACK");
  CHECK(recv["host"] == "client");  // recv: the receiver
  CHECK(recv["t_ms"] == 20.0);

  const Json& ack = find_event(events, "send", "ACK");
  CHECK(ack["seq"] == 1);
  CHECK(ack["ack"] == 1);
  CHECK(ack["seq_raw"] == 1001);
  CHECK(ack["ack_raw"] == 5001);
}

TEST_CASE("json: state, app, timer and queue events") {
  TraceFixture f;
  f.handshake();
  Event& timer = f.push(1'000'000, EventType::timer, 0, Why::timer_armed);
  timer.timer = TimerKind::time_wait;
  timer.action = TimerAction::armed;
  timer.deadline = 61'000'000;
  Event& queue = f.push(1'000'000, EventType::queue, 1, Why::accept_queue_add);
  queue.syn_queue = 0;
  queue.syn_queue_max = 128;
  queue.accept_queue = 1;
  queue.accept_queue_max = 64;
  f.app(2'000'000, 0, AppCall::connect, AppResult::etimedout, 0, Why::syn_gave_up);

  Json events = Json::parse(format_json(f.trace()))["events"];
  const Json& state = find_event(events, "state");
  CHECK(state["host"] == "server");
  CHECK(state["from"] == "CLOSED");
  CHECK(state["to"] == "LISTEN");

  const Json& listen = find_event(events, "app");
  CHECK(listen["call"] == "listen");
  CHECK(listen["result"] == "ok");
  CHECK(listen["value"] == 128);
  CHECK(events[2]["call"] == "connect");
  CHECK(events[2]["result"] == "blocked");
  CHECK(events.back()["result"] == "ETIMEDOUT");
  CHECK(events.back()["t_ms"] == 2000.0);

  const Json& t = find_event(events, "timer");
  CHECK(t["timer"] == "time_wait");
  CHECK(t["action"] == "armed");
  CHECK(t["deadline_ms"] == 61000.0);
  CHECK_FALSE(t.contains("rfc"));  // timer_armed has no RFC section

  const Json& q = find_event(events, "queue");
  CHECK(keys(q) == std::vector<std::string>{"t_ms", "type", "host", "conn", "syn_queue",
                                            "syn_queue_max", "accept_queue", "accept_queue_max",
                                            "reason", "reason_code"});
  CHECK(q["accept_queue"] == 1);
  CHECK(q["accept_queue_max"] == 64);
}

TEST_CASE("json: drops, retransmissions and microsecond times") {
  TraceFixture f;
  auto syn = f.segment(0, 1, kSyn, 0, 0);
  f.send(0, syn, Why::connect_sends_syn);
  f.drop(0, syn);
  auto again = f.segment(0, 1, kSyn, 0, 0, 0, syn);
  f.send(1'000'123, again, Why::syn_rto).reason = {Why::syn_rto, 1, 2'000'000};
  Json events = Json::parse(format_json(f.trace()))["events"];
  REQUIRE(events.size() == 3);
  CHECK(events[1]["type"] == "drop");
  CHECK(events[1]["host"] == "client");  // drop: the sender
  CHECK(events[1]["reason_code"] == "net_drop_rule");
  CHECK(events[2]["retransmit_of"] == 0);
  CHECK(events[2]["segment"] == 1);
  CHECK(events[2]["t_ms"] == Approx(1000.123).epsilon(1e-12));
  CHECK(events[2]["reason"] == "SYN timeout expired: retransmission #1, next wait 2 s");
  CHECK_THAT(format_json(f.trace()), Catch::Contains("\"t_ms\": 1000.123,"));
}

TEST_CASE("json: optional Chinese reasons and segment list") {
  TraceFixture f;
  f.handshake();
  Json plain = Json::parse(format_json(f.trace()));
  CHECK_FALSE(plain.contains("segments"));
  CHECK_FALSE(plain["events"][0].contains("reason_zh"));

  Json full = Json::parse(format_json(f.trace(), {.segments = true, .zh = true}));
  REQUIRE(full["segments"].size() == 3);
  CHECK(full["segments"][1]["from"] == "server");
  CHECK(full["segments"][1]["to"] == "client");
  CHECK(full["segments"][1]["flags"] == "SYN,ACK");
  CHECK(full["events"][0]["reason_zh"] == describe({Why::listen_opened, 0, 0}, Lang::zh));
}

TEST_CASE("json: identical traces give identical bytes") {
  TraceFixture a, b;
  a.handshake();
  b.handshake();
  std::string first = format_json(a.trace());
  CHECK(first == format_json(b.trace()));
  CHECK(first == format_json(a.trace()));
  CHECK(first.back() == '\n');
  b.events[3].t += 1;
  CHECK(first != format_json(b.trace()));
}

TEST_CASE("json: written as it is made, the same bytes as the whole tree dumped") {
  auto tree_text = [](const Trace& t, const JsonOptions& o) {
    return trace_to_json(t, o).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  };
  TraceFixture f;
  f.handshake();
  Trace& t = f.trace();
  // Names a writer could get wrong: quotes, control characters, CJK, a broken UTF-8 byte.
  t.hosts[0].name = "cli\"ent\\\t\x01";
  t.hosts[1].name = "服务器\xff end";
  t.scenario = "";
  Event odd = t.events[t.events.size() - 1];
  odd.disagreement = {Why::capture_early_retransmit, 200, 3000};
  odd.reason = {Why::data_rto, -1, std::int64_t{1} << 40};  // numbers too large to cache
  t.events.push_back(odd);
  for (const JsonOptions& o : {JsonOptions{}, JsonOptions{.segments = true, .zh = true}}) {
    CHECK(format_json(t, o) == tree_text(t, o));
    std::ostringstream streamed;
    write_json(t, streamed, o);
    CHECK(streamed.str() == tree_text(t, o));
  }
  const Json j = Json::parse(format_json(t));
  CHECK(j["events"].back()["disagreement"]["reason_code"] == "capture_early_retransmit");
  CHECK_FALSE(j["events"][0].contains("disagreement"));
}

TEST_CASE("json: a trace too big for one thread gives the same bytes as the tree") {
  TraceFixture f;
  f.handshake();
  Trace& t = f.trace();
  const std::vector<Event> base(t.events.begin(), t.events.end());
  // Past the size where events are formatted in blocks on several threads, with times that
  // print as whole milliseconds, one to three decimals, and beyond the writer's exact range.
  const Micros times[] = {
      0, 1, 10, 999, 1000, 1001, 1234567, 999'999'999'999, 1'000'000'000'001, 123'456'789'012'345};
  std::size_t k = 0;
  while (t.events.size() < 100'000) {
    Event e = base[k % base.size()];
    e.t = times[k % std::size(times)] + static_cast<Micros>(k / std::size(times));
    t.events.push_back(e);
    ++k;
  }
  for (const JsonOptions& o : {JsonOptions{}, JsonOptions{.segments = true, .zh = true}}) {
    std::ostringstream streamed;
    write_json(t, streamed, o);
    const std::string tree = trace_to_json(t, o).dump(2, ' ', false) + "\n";
    REQUIRE(streamed.str().size() == tree.size());
    CHECK(streamed.str() == tree);
  }
}
