// Splitting segments into conversations: numbered in order of first packet (Wireshark's
// tcp.stream), the two directions of a 4-tuple one conversation, a new stream when the
// 4-tuple is used again after a close.
#include <catch2/catch.hpp>

#include "app/capture/conversations.hpp"
#include "tests/support/pcap_builder.hpp"

using namespace synack;

namespace {

TcpHeader header(const test::Host& from, const test::Host& to, std::uint32_t seq,
                 std::uint8_t flags) {
  TcpHeader h;
  h.src.bytes = from.addr;
  h.src.v6 = from.v6;
  h.dst.bytes = to.addr;
  h.dst.v6 = to.v6;
  h.sport = from.port;
  h.dport = to.port;
  h.seq = seq;
  h.flags = flags;
  return h;
}

}  // namespace

TEST_CASE("conversations: both directions share one, numbered by first packet") {
  std::vector<ConversationRecord> out;
  ConversationTable table(out);
  const auto c1 = test::v4(10, 0, 0, 1, 40000), c2 = test::v4(10, 0, 0, 1, 40001);
  const auto s = test::v4(10, 0, 0, 2, 80);
  CHECK(table.add(header(c1, s, 100, kSyn), 0).conv == 0);
  CHECK(table.add(header(c2, s, 500, kSyn), 1).conv == 1);
  const auto back = table.add(header(s, c1, 7, kSyn | kAck), 2);
  CHECK(back.conv == 0);
  CHECK(back.dir == 1);
  CHECK(table.add(header(c1, s, 101, kAck), 3).dir == 0);
  REQUIRE(out.size() == 2);
  CHECK(endpoint_to_string(out[0].a) == "10.0.0.1:40000");
  CHECK(endpoint_to_string(out[0].b) == "10.0.0.2:80");
  CHECK(out[0].packets == 3);
  CHECK(out[0].first == 0);
  CHECK(out[0].last == 3);
  CHECK(out[0].base[0] == 100);
  CHECK(out[0].base[1] == 7);
}

TEST_CASE("conversations: a 4-tuple used again after a close is a new stream") {
  std::vector<ConversationRecord> out;
  ConversationTable table(out);
  const auto c = test::v4(10, 0, 0, 1, 40000), s = test::v4(10, 0, 0, 2, 80);
  table.add(header(c, s, 100, kSyn), 0);
  table.add(header(c, s, 100, kSyn), 1);  // a retransmitted SYN: same stream
  table.add(header(s, c, 9, kSyn | kAck), 2);
  table.add(header(c, s, 101, kAck | kFin), 3);
  table.add(header(s, c, 10, kAck | kFin), 4);
  CHECK(out.size() == 1);
  CHECK(table.add(header(c, s, 100, kSyn), 5).conv == 0);  // a late copy of the old SYN
  const auto again = table.add(header(c, s, 90000, kSyn), 6);
  CHECK(again.conv == 1);
  CHECK(again.dir == 0);
  CHECK(out[1].first == 6);
  // After a RST too.
  table.add(header(s, c, 4, kRst), 7);
  CHECK(table.add(header(c, s, 123456, kSyn), 8).conv == 2);
  // A new ISN from the same side whose old SYN was never answered: a new connect().
  const auto d = test::v4(10, 0, 0, 3, 5555);
  CHECK(table.add(header(d, s, 1, kSyn), 9).conv == 3);
  CHECK(table.add(header(d, s, 777, kSyn), 10).conv == 4);
  // The peer's own SYN (simultaneous open) is not a new stream.
  const auto e = test::v4(10, 0, 0, 4, 6000), f = test::v4(10, 0, 0, 5, 7000);
  CHECK(table.add(header(e, f, 1, kSyn), 11).conv == 5);
  CHECK(table.add(header(f, e, 2, kSyn), 12).conv == 5);
  // IPv6 endpoints are written in brackets.
  const auto g = test::v6(9, 443), k = test::v6(10, 50000);
  table.add(header(k, g, 1, kSyn), 13);
  CHECK(endpoint_to_string(out.back().a) == "[2001:db8::a]:50000");
}
