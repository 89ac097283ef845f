#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include "app/draw/mermaid_diagram.hpp"
#include "tests/support/trace_fixture.hpp"

using namespace synack;
using synack::test::lines_of;
using synack::test::TraceFixture;

namespace {

// Every line Mermaid reads must be a statement it knows, and no text may hold a bare `;`
// or `#` (statement separator, entity start).
void check_statements(const std::string& text) {
  auto lines = lines_of(text);
  REQUIRE(!lines.empty());
  CHECK(lines[0] == "sequenceDiagram");
  std::regex statement(
      R"(^    (participant [a-z0-9]+ as .+|Note over [a-z0-9]+(,[a-z0-9]+)?: .+|[a-z0-9]+(->>|-x)[a-z0-9]+: .+)$)");
  std::regex entity("#[0-9]+;");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    INFO(lines[i]);
    CHECK(std::regex_match(lines[i], statement));
    std::string bare = std::regex_replace(lines[i], entity, "");
    CHECK(bare.find(';') == std::string::npos);
    CHECK(bare.find('#') == std::string::npos);
  }
}

}  // namespace

TEST_CASE("mermaid: participants, arrows and state notes") {
  TraceFixture f;
  f.handshake();
  std::string text = format_mermaid(f.trace());
  CHECK_THAT(text, Catch::StartsWith("sequenceDiagram\n"));
  CHECK_THAT(text, Catch::Contains("    participant h0 as client 10.0.0.1\n"));
  CHECK_THAT(text, Catch::Contains("    participant h1 as server 10.0.0.2\n"));
  CHECK_THAT(text, Catch::Contains("    h0->>h1: 0.000 ms SYN seq=0 len=0\n"));
  CHECK_THAT(text, Catch::Contains("    h1->>h0: 10.000 ms SYN,ACK seq=0 ack=1 len=0\n"));
  CHECK_THAT(text, Catch::Contains("    h0->>h1: 20.000 ms ACK seq=1 ack=1 len=0\n"));
  CHECK_THAT(text, Catch::Contains("    Note over h0: 0.000 ms [SYN_SENT]\n"));
  CHECK_THAT(text, Catch::Contains("    Note over h1: 30.000 ms [ESTABLISHED]\n"));
  CHECK(text.find("nobody") == std::string::npos);
  check_statements(text);
}

TEST_CASE("mermaid: lost segments use -x and say why") {
  TraceFixture f;
  auto syn = f.segment(0, 1, kSyn, 0, 0);
  f.send(0, syn, Why::connect_sends_syn);
  f.drop(0, syn);
  auto again = f.segment(0, 1, kSyn, 0, 0, 0, syn);
  f.send(3 * kMicrosPerSec, again).reason = {Why::syn_rto, 1, 2 * kMicrosPerSec};
  std::string text = format_mermaid(f.trace());
  CHECK_THAT(text, Catch::Contains("    h0-xh1: 0.000 ms SYN seq=0 len=0\n"));
  CHECK_THAT(text, Catch::Contains("    Note over h0,h1: lost: lost in the network (drop rule)\n"));
  CHECK_THAT(text, Catch::Contains("    h0->>h1: 3.000 s SYN seq=0 len=0\n"));
  CHECK_THAT(text, Catch::Contains("    Note over h0,h1: 3.0 s idle\n"));
  check_statements(text);
}

TEST_CASE("mermaid: characters Mermaid dislikes are escaped") {
  CHECK(mermaid_escape("a;b#c") == "a#59;b#35;c");
  CHECK(mermaid_escape("x<y>z") == "x#60;y#62;z");
  CHECK(mermaid_escape("one\ntwo") == "one<br/>two");
  CHECK(mermaid_escape("plain text: ok") == "plain text: ok");

  TraceFixture f;
  f.handshake();
  f.trace().hosts[0].name = "client;1#";
  DiagramOptions options;
  options.narration = {{4, "SYN; then # wait <here>"}};
  std::string text = format_mermaid(f.trace(), options);
  CHECK_THAT(text, Catch::Contains("participant h0 as client#59;1#35; 10.0.0.1"));
  CHECK_THAT(text, Catch::Contains("Note over h0,h1: SYN#59; then #35; wait #60;here#62;"));
  check_statements(text);
}

TEST_CASE("mermaid: segments to spoofed addresses go to a 'nobody' participant") {
  TraceFixture f;
  const std::uint16_t attacker = f.add_host("attacker", (203u << 24) | 9);
  const Addr spoofed = (198u << 24) | (51u << 16) | (100u << 8) | 7;
  auto syn = f.segment(attacker, 1, kSyn, 0, 0, 0, kNoIndex, spoofed);
  f.send(0, syn, Why::attacker_spoofed_syn);
  auto reply = f.segment(1, kNoHost, kSyn | kAck, 0, 1, 0, kNoIndex, 0, spoofed);
  f.send(10'000, reply, Why::syn_received_listen);
  f.drop(10'000, reply, Why::net_no_host);
  std::string text = format_mermaid(f.trace());
  CHECK_THAT(text, Catch::Contains("    participant nobody as spoofed addresses (no host)\n"));
  CHECK_THAT(text, Catch::Contains("    h2->>h1: 0.000 ms SYN seq=0 len=0 from 198.51.100.7\n"));
  CHECK_THAT(text, Catch::Contains(
                       "    h1-xnobody: 10.000 ms SYN,ACK seq=0 ack=1 len=0 to 198.51.100.7\n"));
  check_statements(text);
}
