// The shipped scenarios in content/scenarios: they load, their topics exist, their narration
// is bilingual and anchored to real events of the default run, and each one shows what its
// summary claims.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "app/content/scenario_catalog.hpp"
#include "app/content/topics.hpp"
#include "app/run/narration.hpp"
#include "engine/simulator.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

const fs::path kContent = SYNACK_SOURCE_DIR "/content";
const fs::path kTopics = SYNACK_SOURCE_DIR "/../shared/topics.md";

std::vector<Scenario> all_scenarios() {
  std::vector<Scenario> out;
  for (const std::string& id : scenario_ids(kContent)) {
    out.push_back(load_scenario_arg(kContent, id));
  }
  return out;
}

// Ids from the first column of the topic tables: "| HS-01 | ...".
std::set<std::string> topic_ids(const fs::path& file) {
  std::set<std::string> ids;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > 9 && line.starts_with("| ") && line[4] == '-' && line[7] == ' ') {
      ids.insert(line.substr(2, 5));
    }
  }
  return ids;
}

// The result of `call` on `host` once it has returned (not the "blocked" record).
std::vector<AppResult> results(const Trace& t, std::string_view host, AppCall call) {
  std::vector<AppResult> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::app && e.call == call && e.result != AppResult::blocked &&
        t.host_name(e.host) == host) {
      out.push_back(e.result);
    }
  }
  return out;
}

// States the connections of `host` entered, in order. The listening socket's own changes
// (to LISTEN, and LISTEN to CLOSED when the program ends) are left out.
std::vector<TcpState> states(const Trace& t, std::string_view host) {
  std::vector<TcpState> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::state && t.host_name(e.host) == host && e.to != TcpState::LISTEN &&
        !(e.from == TcpState::LISTEN && e.to == TcpState::CLOSED)) {
      out.push_back(e.to);
    }
  }
  return out;
}

bool entered(const Trace& t, std::string_view host, TcpState s) {
  auto v = states(t, host);
  return std::find(v.begin(), v.end(), s) != v.end();
}

int count_sent(const Trace& t, std::string_view host, std::uint8_t flags) {
  int n = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::send && t.host_name(e.host) == host &&
        t.segments[e.segment].seg.flags == flags) {
      ++n;
    }
  }
  return n;
}

Trace run(const Scenario& sc, SysctlOverrides sysctls = {}) {
  RunOptions options;
  options.sysctls = std::move(sysctls);
  return run_scenario(sc.spec, options);
}

}  // namespace

TEST_CASE("every shipped scenario loads, with a unique id", "[content]") {
  Catalog catalog = load_catalog(kContent);
  for (const ScenarioError& e : catalog.errors) FAIL_CHECK(e.what());
  std::set<std::string> ids;
  for (const CatalogEntry& e : catalog.entries) {
    CHECK(ids.insert(e.id).second);
  }
  for (const char* base : {"handshake", "lifecycle", "closed-port", "linger-abort",
                           "simultaneous-open", "simultaneous-close", "syn-flood"}) {
    CHECK(ids.count(base) == 1);
  }
}

TEST_CASE("every topic id exists in shared/topics.md or is beyond the material", "[content]") {
  if (!fs::exists(kTopics)) {
    WARN("shared/topics.md not found at " << kTopics << "; topic ids checked for form only");
    return;
  }
  std::set<std::string> known = topic_ids(kTopics);
  REQUIRE(known.size() >= 70);  // the parser found the tables
  REQUIRE(known.count("HS-01") == 1);
  // Flow and congestion control: in content/topics.toml, marked beyond the material.
  for (const Topic& t : load_content_topics(kContent).topics) {
    if (t.beyond_material) known.insert(t.id);
  }
  for (const Scenario& sc : all_scenarios()) {
    for (const std::string& topic : sc.topics) {
      INFO(sc.path << ": topic " << topic);
      CHECK(known.count(topic) == 1);
    }
  }
}

TEST_CASE("every scenario is narrated in both languages", "[content]") {
  for (const Scenario& sc : all_scenarios()) {
    INFO(sc.path);
    CHECK(sc.narration.size() >= 3);
    for (const Narration& n : sc.narration) {
      INFO("narration at line " << n.line);
      CHECK(!n.text.en.empty());
      CHECK(!n.text.zh.empty());
      // The Chinese text is really Chinese: it has bytes beyond ASCII.
      CHECK(std::any_of(n.text.zh.begin(), n.text.zh.end(),
                        [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
    }
  }
}

TEST_CASE("every narration anchors to an event of the default run, in file order",
          "[content][engine]") {
  for (const Scenario& sc : all_scenarios()) {
    Trace trace = run(sc);
    CHECK_FALSE(trace.truncated);
    auto anchors = anchor_narrations(sc.narration, trace);
    std::size_t previous = 0;
    for (std::size_t i = 0; i < anchors.size(); ++i) {
      INFO(sc.path << ":" << sc.narration[i].line << ": narration[" << i << "]");
      REQUIRE(anchors[i].has_value());
      // Playback shows narration in file order only if the anchors come in that order.
      CHECK(*anchors[i] >= previous);
      previous = *anchors[i];
    }
  }
}

TEST_CASE("the base scenarios show what their summaries claim", "[content][engine]") {
  SECTION("handshake: both sides reach ESTABLISHED, the client ends in TIME_WAIT") {
    Trace t = run(load_scenario_arg(kContent, "handshake"));
    CHECK(results(t, "client", AppCall::connect) == std::vector<AppResult>{AppResult::ok});
    CHECK(results(t, "server", AppCall::accept) == std::vector<AppResult>{AppResult::ok});
    CHECK(entered(t, "server", TcpState::SYN_RECEIVED));
    CHECK(entered(t, "client", TcpState::TIME_WAIT));
    CHECK_FALSE(entered(t, "server", TcpState::TIME_WAIT));
  }
  SECTION("lifecycle: data both ways, passive close, TIME_WAIT runs out") {
    Trace t = run(load_scenario_arg(kContent, "lifecycle"));
    CHECK(states(t, "client").back() == TcpState::CLOSED);
    CHECK(entered(t, "client", TcpState::TIME_WAIT));
    CHECK(entered(t, "server", TcpState::CLOSE_WAIT));
    CHECK(entered(t, "server", TcpState::LAST_ACK));
    CHECK(results(t, "server", AppCall::recv) ==
          std::vector<AppResult>{AppResult::ok, AppResult::eof});
    CHECK(t.end_time >= 60 * kMicrosPerSec);  // 2MSL = 60 s on Linux
  }
  SECTION("closed-port: RST,ACK and ECONNREFUSED") {
    Trace t = run(load_scenario_arg(kContent, "closed-port"));
    CHECK(count_sent(t, "server", kRst | kAck) == 1);
    CHECK(results(t, "client", AppCall::connect) ==
          std::vector<AppResult>{AppResult::econnrefused});
  }
  SECTION("linger-abort: RST instead of FIN, no TIME_WAIT, ECONNRESET at the peer") {
    Trace t = run(load_scenario_arg(kContent, "linger-abort"));
    CHECK(count_sent(t, "client", kRst | kAck) == 1);
    CHECK(count_sent(t, "client", kFin | kAck) == 0);
    CHECK_FALSE(entered(t, "client", TcpState::TIME_WAIT));
    CHECK_FALSE(entered(t, "server", TcpState::TIME_WAIT));
    auto recv = results(t, "server", AppCall::recv);
    REQUIRE_FALSE(recv.empty());
    CHECK(recv.back() == AppResult::econnreset);
  }
  SECTION("simultaneous-open: SYN_SENT -> SYN_RECEIVED -> ESTABLISHED on both") {
    Trace t = run(load_scenario_arg(kContent, "simultaneous-open"));
    for (const char* host : {"client", "server"}) {
      INFO(host);
      auto s = states(t, host);
      REQUIRE(s.size() >= 3);
      CHECK(s[0] == TcpState::SYN_SENT);
      CHECK(s[1] == TcpState::SYN_RECEIVED);
      CHECK(s[2] == TcpState::ESTABLISHED);
      CHECK(results(t, host, AppCall::connect) == std::vector<AppResult>{AppResult::ok});
    }
  }
  SECTION("simultaneous-close: FIN_WAIT_1 -> CLOSING -> TIME_WAIT on both") {
    Trace t = run(load_scenario_arg(kContent, "simultaneous-close"));
    for (const char* host : {"client", "server"}) {
      INFO(host);
      auto s = states(t, host);
      auto fw1 = std::find(s.begin(), s.end(), TcpState::FIN_WAIT_1);
      REQUIRE(std::distance(fw1, s.end()) >= 3);
      CHECK(fw1[1] == TcpState::CLOSING);
      CHECK(fw1[2] == TcpState::TIME_WAIT);
      CHECK_FALSE(entered(t, host, TcpState::LAST_ACK));
    }
  }
  SECTION("syn-flood: cookies let the client in at once; without them it times out") {
    Scenario sc = load_scenario_arg(kContent, "syn-flood");
    Trace with_cookies = run(sc);
    CHECK(results(with_cookies, "client", AppCall::connect) ==
          std::vector<AppResult>{AppResult::ok});
    CHECK(count_sent(with_cookies, "client", kSyn) == 1);  // no retransmission needed
    Trace without = run(sc, {{Knob::tcp_syncookies, 0}});
    CHECK(results(without, "client", AppCall::connect) ==
          std::vector<AppResult>{AppResult::etimedout});
    CHECK(count_sent(without, "client", kSyn) == 6);  // classic tcp_syn_retries=5
  }
}
