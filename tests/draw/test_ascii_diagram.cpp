#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <sstream>

#include "app/base/text_width.hpp"
#include "app/draw/ascii_diagram.hpp"
#include "tests/support/trace_fixture.hpp"

using namespace synack;
using synack::test::lines_of;
using synack::test::TraceFixture;

namespace {

std::string line_with(const std::vector<std::string>& lines, std::string_view needle) {
  for (const auto& l : lines) {
    if (l.find(needle) != std::string::npos) return l;
  }
  FAIL("no line contains '" << needle << "'");
  return "";
}

std::size_t index_of(const std::vector<std::string>& lines, std::string_view needle) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(needle) != std::string::npos) return i;
  }
  FAIL("no line contains '" << needle << "'");
  return 0;
}

// Columns of the lifelines, from the first row that is nothing but lifelines.
std::vector<std::size_t> lifeline_columns(const std::vector<std::string>& lines) {
  for (const auto& l : lines) {
    if (l.find('|') == std::string::npos) continue;
    if (l.find_first_not_of(" |") != std::string::npos) continue;
    std::vector<std::size_t> cols;
    for (std::size_t i = 0; i < l.size(); ++i) {
      if (l[i] == '|') cols.push_back(i);
    }
    return cols;
  }
  FAIL("no lifeline row");
  return {};
}

std::size_t count(const std::string& text, std::string_view needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

// The time a row happened: rows at the same instant as the row above leave the column blank.
std::string time_at(const std::vector<std::string>& lines, std::size_t row) {
  for (std::size_t i = row + 1; i-- > 0;) {
    std::string column = lines[i].substr(0, 10);
    auto first = column.find_first_not_of(' ');
    if (first != std::string::npos) return column.substr(first);
  }
  return "";
}

// The words of the diagram without its drawing, so checks do not depend on where a long
// reason wraps.
std::string flat(const std::string& text) {
  std::string out;
  for (auto line : lines_of(text)) {
    for (char& c : line) {
      if (c == '|') c = ' ';
    }
    out += line + ' ';
  }
  std::string squeezed;
  for (char c : out) {
    if (c == ' ' && !squeezed.empty() && squeezed.back() == ' ') continue;
    squeezed += c;
  }
  return squeezed;
}

void check_width(const std::string& text) {
  for (const auto& l : lines_of(text)) {
    INFO(l);
    CHECK(display_width(l) <= 100);
  }
}

// SYN dropped every time: classic tcp_syn_retries=5 gives SYNs at 0, 1, 3, 7, 15, 31 s and
// connect() fails at 63 s (RTO 1 s doubling, RFC 6298 §5).
TraceFixture syn_timeout() {
  TraceFixture f;
  f.app(0, 0, AppCall::connect, AppResult::blocked);
  f.state(0, 0, TcpState::CLOSED, TcpState::SYN_SENT, Why::connect_sends_syn);
  std::uint32_t first = kNoIndex;
  const std::int64_t at_s[] = {0, 1, 3, 7, 15, 31};
  for (int k = 0; k < 6; ++k) {
    auto syn = f.segment(0, 1, kSyn, 0, 0, 0, first);
    if (k == 0) {
      first = syn;
      f.send(0, syn, Why::connect_sends_syn);
    } else {
      Micros wait = (at_s[k] - at_s[k - 1]) * 2 * kMicrosPerSec;
      f.send(at_s[k] * kMicrosPerSec, syn).reason = {Why::syn_rto, k, wait};
    }
    f.drop(at_s[k] * kMicrosPerSec, syn);
  }
  f.state(63 * kMicrosPerSec, 0, TcpState::SYN_SENT, TcpState::CLOSED).reason = {Why::syn_gave_up,
                                                                                 5, 0};
  f.app(63 * kMicrosPerSec, 0, AppCall::connect, AppResult::etimedout, 0).reason = {
      Why::syn_gave_up, 5, 0};
  return f;
}

}  // namespace

TEST_CASE("text: handshake arrows with flags and relative numbers") {
  TraceFixture f;
  f.handshake();
  std::string text = format_text(f.trace());
  auto lines = lines_of(text);
  CHECK_THAT(lines[0],
             Catch::Contains("unit") && Catch::Contains("classic") && Catch::Contains("seed 7"));
  CHECK_THAT(text, Catch::Contains("10.0.0.1") && Catch::Contains("10.0.0.2"));

  // Client on the left, server on the right: requests point right, replies left.
  std::regex syn(R"(\|-+ SYN seq=0 len=0 -+>\|)");
  std::regex synack(R"(\|<-+ SYN,ACK seq=0 ack=1 len=0 -+\|)");
  std::regex ack(R"(\|-+ ACK seq=1 ack=1 len=0 -+>\|)");
  CHECK(std::regex_search(line_with(lines, "SYN seq=0"), syn));
  CHECK(std::regex_search(line_with(lines, "SYN,ACK"), synack));
  CHECK(std::regex_search(line_with(lines, "ACK seq=1"), ack));

  // The time column is right-aligned in ten columns; milliseconds below one second.
  CHECK(line_with(lines, "SYN,ACK").substr(0, 11) == " 10.000 ms ");
  CHECK(time_at(lines, index_of(lines, "ACK seq=1")) == "20.000 ms");
  CHECK(time_at(lines, index_of(lines, "SYN seq=0")) == "0.000 ms");
  CHECK(index_of(lines, "SYN seq=0") < index_of(lines, "SYN,ACK"));
  CHECK(index_of(lines, "SYN,ACK") < index_of(lines, "ACK seq=1"));
  CHECK(count(text, "[ESTABLISHED]") == 2);
  CHECK_THAT(text, Catch::Contains("connect() ...") && Catch::Contains("connect() = ok"));
  CHECK_THAT(text, Catch::Contains("[LISTEN]"));
  check_width(text);
}

TEST_CASE("text: state changes are written at their host's lifeline") {
  TraceFixture f;
  f.handshake();
  auto lines = lines_of(format_text(f.trace()));
  auto cols = lifeline_columns(lines);
  REQUIRE(cols.size() == 2);
  std::string sent = line_with(lines, "[SYN_SENT]");
  CHECK(sent[cols[0]] == '+');
  CHECK(sent.find("[SYN_SENT]") < cols[0]);  // the client writes on its outer side
  std::string listen = line_with(lines, "[LISTEN]");
  CHECK(listen[cols[1]] == '+');
  CHECK(listen.find("[LISTEN]") > cols[1]);
}

TEST_CASE("text: a lost segment ends in X half-way, with the reason") {
  TraceFixture f;
  auto syn = f.segment(0, 1, kSyn, 0, 0);
  f.send(0, syn, Why::connect_sends_syn);
  f.drop(0, syn);
  auto lines = lines_of(format_text(f.trace()));
  auto cols = lifeline_columns(lines);
  REQUIRE(cols.size() == 2);
  std::size_t at = index_of(lines, "SYN seq=0 len=0");
  const std::string& arrow = lines[at];
  auto x = arrow.find('X');
  REQUIRE(x != std::string::npos);
  CHECK(arrow.find('>') == std::string::npos);
  std::size_t middle = (cols[0] + cols[1]) / 2;
  CHECK(x + 1 >= middle);
  CHECK(x <= middle + 1);
  CHECK(arrow[cols[1]] == '|');  // never reaches the server
  REQUIRE(at + 1 < lines.size());
  CHECK_THAT(lines[at + 1], Catch::Contains("lost: lost in the network (drop rule)"));
}

TEST_CASE("text: SYN retransmissions, idle gaps and connect() = ETIMEDOUT") {
  TraceFixture f = syn_timeout();
  std::string text = format_text(f.trace());
  auto lines = lines_of(text);
  // Waits of 2, 4, 8, 16 and 32 s are compressed; the first 1 s wait is not above the limit.
  CHECK(count(text, " idle ~~~") == 5);
  for (std::string_view gap : {"~~~ 2.0 s idle ~~~", "~~~ 4.0 s idle ~~~", "~~~ 8.0 s idle ~~~",
                               "~~~ 16.0 s idle ~~~", "~~~ 32.0 s idle ~~~"}) {
    CHECK_THAT(text, Catch::Contains(std::string(gap)));
  }
  CHECK(count(text, "SYN seq=0 len=0") == 6);
  CHECK(count(text, "lost: ") == 6);
  std::vector<std::string> times;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("SYN seq=0") != std::string::npos) times.push_back(time_at(lines, i));
  }
  CHECK(times == std::vector<std::string>{"0.000 ms", "1.000 s", "3.000 s", "7.000 s", "15.000 s",
                                          "31.000 s"});
  CHECK_THAT(flat(text), Catch::Contains("SYN timeout expired: retransmission #1, next wait 2 s"));
  CHECK_THAT(flat(text), Catch::Contains("SYN timeout expired: retransmission #5, next wait 32 s"));
  CHECK(time_at(lines, index_of(lines, "connect() = ETIMEDOUT")) == "63.000 s");
  // The reason is written once even though the state change and the call share it.
  CHECK(count(flat(text), "SYN retransmissions used up (5)") == 1);
  CHECK(index_of(lines, "~~~ 32.0 s idle ~~~") < index_of(lines, "connect() = ETIMEDOUT"));
  check_width(text);
}

TEST_CASE("text: narration lines, Chinese text counted as two columns") {
  TraceFixture f;
  f.handshake();
  DiagramOptions options;
  options.lang = Lang::zh;
  std::string zh;
  for (int i = 0; i < 30; ++i) zh += "客户端发送第一个握手报文，";
  options.narration = {{5, zh}, {12, std::string(300, 'w')}};
  std::string text = format_text(f.trace(), options);
  auto lines = lines_of(text);
  std::size_t narration = index_of(lines, "» 客户端");
  CHECK(narration > index_of(lines, "SYN seq=0"));  // after the event it explains
  CHECK(narration < index_of(lines, "SYN,ACK"));
  bool wide = false;
  for (const auto& l : lines) wide = wide || l.size() > 100;  // bytes, not columns
  CHECK(wide);
  check_width(text);
  // Reasons follow the language too.
  f.events.push_back(f.events.back());
  f.events.back().type = EventType::state;
  f.events.back().reason = {Why::rst_received, 0, 0};
  CHECK_THAT(format_text(f.trace(), options), Catch::Contains("收到 RST"));
}

TEST_CASE("text: a SYN flood folds into summary rows on the attacker's lifeline") {
  TraceFixture f;
  f.handshake();
  const std::uint16_t attacker = f.add_host("attacker", (203u << 24) | (113u << 8) | 9);
  const Addr spoof_base = (198u << 24) | (51u << 16) | (100u << 8);
  const Micros start = 1 * kMicrosPerSec;
  for (std::uint32_t i = 0; i < 1500; ++i) {
    Micros t = start + i * 10'000;
    Addr src = spoof_base + i % 256;
    auto syn = f.segment(attacker, 1, kSyn, 0, 0, 0, kNoIndex, src);
    f.send(t, syn, Why::attacker_spoofed_syn);
    f.recv(t + 10'000, syn, Why::syn_received_listen).conn = 100 + i;
    auto reply = f.segment(1, kNoHost, kSyn | kAck, 0, 1, 0, kNoIndex, 0, src);
    f.send(t + 10'000, reply, Why::syn_received_listen).conn = 100 + i;
    f.drop(t + 10'000, reply, Why::net_no_host).conn = 100 + i;
    // SYN-ACK retransmitted 3 s later (an RTO stretched for the test): the summary rows
    // overlap in time, so no "idle" row may appear between them.
    auto again = f.segment(1, kNoHost, kSyn | kAck, 0, 1, 0, reply, 0, src);
    Event& retx = f.send(t + 3'010'000, again);
    retx.reason = {Why::synack_rto, 1, 2 * kMicrosPerSec};
    retx.conn = 100 + i;
    f.drop(t + 3'010'000, again, Why::net_no_host).conn = 100 + i;
  }
  std::stable_sort(f.events.begin(), f.events.end(),
                   [](const Event& a, const Event& b) { return a.t < b.t; });
  std::string text = format_text(f.trace());
  auto lines = lines_of(text);
  CHECK(lines.size() < 60);
  CHECK(lifeline_columns(lines).size() == 3);
  CHECK_THAT(lines[2], Catch::Contains("attacker"));
  std::string spoofed = line_with(lines, "× 1500 spoofed SYN from 198.51.100.0/24");
  CHECK_THAT(text, Catch::Contains("× 1500 SYN,ACK to 198.51.100.0/24"));
  CHECK_THAT(flat(text), Catch::Contains("lost: no host has this address"));
  CHECK(count(text, "× 1500") == 3);
  CHECK(count(text, "× 1500 SYN,ACK to 198.51.100.0/24") == 2);
  CHECK_THAT(flat(text), Catch::Contains("SYN-ACK timeout expired: retransmission #1"));
  CHECK(count(flat(text), "lost: no host has this address") == 1);  // said once
  CHECK(text.find("idle") == std::string::npos);
  // The handshake before the flood is still drawn segment by segment.
  CHECK_THAT(text, Catch::Contains("SYN,ACK seq=0 ack=1 len=0"));
  check_width(text);
}

TEST_CASE("text: a handful of spoofed SYNs stay individual rows") {
  TraceFixture f;
  const std::uint16_t attacker = f.add_host("attacker", (203u << 24) | 9);
  for (std::uint32_t i = 0; i < 3; ++i) {
    auto syn = f.segment(attacker, 1, kSyn, 0, 0, 0, kNoIndex, (198u << 24) | i);
    f.send(i * 1000, syn, Why::attacker_spoofed_syn);
  }
  std::string text = format_text(f.trace());
  CHECK(count(text, "SYN seq=0 len=0 from 198.0.0.") == 3);
  CHECK(text.find("×") == std::string::npos);
}

TEST_CASE("text: identical traces give identical text") {
  TraceFixture a = syn_timeout(), b = syn_timeout();
  CHECK(format_text(a.trace()) == format_text(b.trace()));
}
