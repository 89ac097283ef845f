// The Linux reference captures (tests/data/pcap/, copied from shared/fixtures/linux-captures)
// imported, and each endpoint's inferred states checked against what the captures'
// summary*.txt and `ss` snapshots say. Times are the summaries' (ms since the first packet).
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "tests/support/capture_facts.hpp"
#include "tests/support/pcap_builder.hpp"
#include "tests/support/scratch.hpp"

using namespace synack;
using namespace synack::test;
using S = TcpState;

namespace {

const std::string kClient = "10.200.0.1";
const std::string kServer = "10.200.0.2";

Micros ms(double v) {
  return from_ms(v);
}

}  // namespace

TEST_CASE(
    "capture: every Linux capture imports, and each state change starts where the last ended") {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(pcap_fixture(""))) {
    if (entry.path().extension() != ".pcap") continue;
    ++files;
    const CaptureImport c = import_fixture(entry.path().filename().string());
    INFO(entry.path().filename().string());
    CHECK_FALSE(c.conversations.empty());
    CHECK(c.stats.tcp == c.stats.frames);  // the captures hold nothing but TCP
    for (const HostInfo& h : c.trace.hosts) {
      for (const ConversationInfo& v : c.conversations) {
        TcpState now = S::CLOSED;
        for (const StateStep& s : state_steps(c.trace, h.name, v.stream + 1)) {
          CHECK(s.from == now);
          now = s.to;
        }
      }
    }
  }
  CHECK(files == 20);
}

TEST_CASE(
    "capture 01-normal: three-segment teardown, client in TIME_WAIT, server LAST_ACK until the "
    "final ACK") {
  const CaptureImport c = import_fixture("01-normal.pcap");
  REQUIRE(c.conversations.size() == 1);
  const ConversationInfo& v = c.conversations[0];
  CHECK(v.a == "10.200.0.1:34692");
  CHECK(v.b == "10.200.0.2:5000");
  CHECK(v.bytes_a == 100);
  CHECK(v.bytes_b == 50);
  CHECK(v.retransmissions == 0);
  CHECK(v.lost == 0);
  const Trace& t = c.trace;
  CHECK(states_entered(t, kClient) ==
        std::vector<S>{S::SYN_SENT, S::ESTABLISHED, S::FIN_WAIT_1, S::FIN_WAIT_2, S::TIME_WAIT});
  CHECK(states_entered(t, kServer) == std::vector<S>{S::LISTEN, S::SYN_RECEIVED, S::ESTABLISHED,
                                                     S::CLOSE_WAIT, S::LAST_ACK, S::CLOSED});
  // The server's FIN,ACK at 2.647 ms carries the ACK of the client's FIN: the client goes
  // through FIN_WAIT_2 to TIME_WAIT at once.
  CHECK(entered_at(t, kServer, S::LAST_ACK) == ms(2.647));
  CHECK(entered_at(t, kClient, S::FIN_WAIT_2) == ms(2.647));
  CHECK(entered_at(t, kClient, S::TIME_WAIT) == ms(2.647));
  CHECK(state_at(t, kServer, ms(2.650)) == S::LAST_ACK);
  CHECK(entered_at(t, kServer, S::CLOSED) == ms(2.655));  // the client's final ACK
  for (const StateStep& s : state_steps(t, kClient)) {
    if (s.to == S::TIME_WAIT) CHECK(s.why == Why::time_wait_enter);
  }
  CHECK(v.end_a == S::TIME_WAIT);
  CHECK(v.end_b == S::CLOSED);
  // The handshake's segments say what they are.
  const auto client = sent_by(t, kClient);
  const auto server = sent_by(t, kServer);
  CHECK(client[0].event.reason.why == Why::connect_sends_syn);
  CHECK(server[0].event.reason.why == Why::syn_received_listen);
  CHECK(client[1].event.reason.why == Why::synack_received);
}

TEST_CASE("capture 02-closed-port: RST,ACK answers the SYN, connect() is refused") {
  const CaptureImport c = import_fixture("02-closed-port.pcap");
  const Trace& t = c.trace;
  const auto server = sent_by(t, kServer);
  REQUIRE(server.size() == 1);
  CHECK(flags_to_string(server[0].record.seg.flags) == "ACK,RST");
  CHECK(server[0].event.reason.why == Why::rst_closed_port);
  CHECK(server[0].record.rel_ack == 1);
  CHECK(state_steps(t, kServer).empty());  // nothing listened
  const auto steps = state_steps(t, kClient);
  REQUIRE(steps.size() == 2);
  CHECK(steps[1].to == S::CLOSED);
  CHECK(steps[1].why == Why::rst_in_syn_sent);
  CHECK(steps[1].t == ms(0.037));
}

TEST_CASE("capture 03-syn-dropped: every SYN a retransmission of the first, all lost") {
  for (const auto& [file, waits] :
       {std::pair<std::string, std::vector<double>>{"03-syn-dropped.pcap",
                                                    {1016, 1024, 1024, 1024, 1024, 2016, 4032}},
        {"03-syn-dropped-linear0.pcap", {1022, 2016, 4224}}}) {
    INFO(file);
    const CaptureImport c = import_fixture(file);
    const auto client = sent_by(c.trace, kClient);
    REQUIRE(client.size() == waits.size() + 1);
    CHECK(client[0].record.retransmit_of == kNoIndex);
    for (std::size_t k = 0; k < client.size(); ++k) {
      CHECK(client[k].dropped);
      if (k == 0) continue;
      CHECK(client[k].record.retransmit_of == 0);
      CHECK(client[k].event.reason.why == Why::capture_rto_retransmit);
      CHECK(client[k].event.reason.a == 1);  // packet 1 is the original
      CHECK(client[k].event.reason.b == Approx(waits[k - 1] * 1000).margin(2000));
    }
    CHECK(c.conversations[0].end_a == S::SYN_SENT);
    CHECK_FALSE(c.conversations[0].established);
    CHECK(state_steps(c.trace, kServer).empty());
    CHECK(state_steps(c.trace, kClient).back().why == Why::capture_handshake_incomplete);
  }
}

TEST_CASE("capture 04-synack-dropped: each repeated SYN answered at once, every SYN-ACK lost") {
  const CaptureImport c = import_fixture("04-synack-dropped.pcap");
  const Trace& t = c.trace;
  const auto client = sent_by(t, kClient);
  const auto server = sent_by(t, kServer);
  REQUIRE(client.size() == 6);
  REQUIRE(server.size() == 8);
  for (const SentSegment& s : client) CHECK_FALSE(s.dropped);  // the server answered each SYN
  for (const SentSegment& s : server) CHECK(s.dropped);        // the client never saw a SYN-ACK
  const std::uint32_t first_synack = server[0].event.segment;
  std::vector<Why> why;
  for (std::size_t k = 1; k < server.size(); ++k) {
    CHECK(server[k].record.retransmit_of == first_synack);
    why.push_back(server[k].event.reason.why);
  }
  // At 1000.53 ms the answer to the repeated SYN, at 1000.55 ms the server's own timer; then
  // answers to each SYN, and the timer again at 7112.6 ms.
  CHECK(why == std::vector<Why>{Why::dup_syn_resend_synack, Why::capture_rto_retransmit,
                                Why::dup_syn_resend_synack, Why::dup_syn_resend_synack,
                                Why::dup_syn_resend_synack, Why::dup_syn_resend_synack,
                                Why::capture_rto_retransmit});
  CHECK(server[7].event.t == ms(7112.561));
  // ss: client SYN-SENT, server SYN-RECV throughout.
  CHECK(state_at(t, kClient, ms(6607.5)) == S::SYN_SENT);
  CHECK(state_at(t, kServer, ms(6607.5)) == S::SYN_RECEIVED);
  CHECK(c.conversations[0].end_b == S::SYN_RECEIVED);
}

TEST_CASE("capture 05-third-ack-dropped: the server's SYN-ACK repeats show which ACKs never came") {
  SECTION("b-nodata: the first ACK is lost, the ACK to the repeated SYN-ACK completes it") {
    const CaptureImport c = import_fixture("05-third-ack-dropped-b-nodata.pcap");
    const Trace& t = c.trace;
    const auto client = sent_by(t, kClient);
    CHECK(client[1].dropped);  // ACK at 0.048 ms
    CHECK(client[1].event.t == ms(0.048));
    const auto server = sent_by(t, kServer);
    CHECK(server[1].event.t == ms(1030.678));
    CHECK(server[1].record.retransmit_of == server[0].event.segment);
    CHECK(state_at(t, kServer, ms(1000)) == S::SYN_RECEIVED);
    CHECK(entered_at(t, kServer, S::ESTABLISHED) == ms(1030.694));  // accept() at 1030.8
    CHECK(c.conversations[0].end_a == S::TIME_WAIT);
  }
  SECTION("c-allacks: every ACK lost; data at 9 s meets a bare RST, recv() fails ECONNRESET") {
    const CaptureImport c = import_fixture("05-third-ack-dropped-c-allacks.pcap");
    const Trace& t = c.trace;
    for (const SentSegment& s : sent_by(t, kClient)) {
      if (s.record.seg.flags == kAck) CHECK(s.dropped);
    }
    const auto server = sent_by(t, kServer);
    CHECK(server.back().event.t == ms(9000.477));
    CHECK(flags_to_string(server.back().record.seg.flags) == "RST");
    CHECK(server.back().event.reason.why == Why::rst_no_connection);
    CHECK(state_at(t, kServer, ms(5000)) == S::SYN_RECEIVED);
    CHECK(state_at(t, kServer, ms(9000.477)) == S::CLOSED);
    const auto client_steps = state_steps(t, kClient);
    CHECK(client_steps.back().to == S::CLOSED);
    CHECK(client_steps.back().why == Why::rst_received);
    CHECK(client_steps.back().t == ms(9000.477));
  }
  SECTION("a: a lost ACK that later data makes up for cannot be seen from the client side") {
    const CaptureImport c = import_fixture("05-third-ack-dropped.pcap");
    CHECK(state_at(c.trace, kServer, ms(200.4)) == S::ESTABLISHED);
    CHECK(c.conversations[0].end_a == S::TIME_WAIT);
    CHECK(c.conversations[0].end_b == S::CLOSED);
  }
}

TEST_CASE(
    "capture 06-server-closes-first: server TIME_WAIT, client LAST_ACK while its ACKs are lost") {
  const CaptureImport c = import_fixture("06-server-closes-first.pcap");
  const Trace& t = c.trace;
  CHECK(entered_at(t, kServer, S::FIN_WAIT_1) == ms(300.397));
  CHECK(entered_at(t, kServer, S::FIN_WAIT_2) == ms(303.007));
  // ss at about 1.0 s: client CLOSE-WAIT, server FIN-WAIT-2.
  CHECK(state_at(t, kClient, ms(1000)) == S::CLOSE_WAIT);
  CHECK(state_at(t, kServer, ms(1000)) == S::FIN_WAIT_2);
  // After the client's FIN: client LAST-ACK, server TIME-WAIT.
  CHECK(state_at(t, kClient, ms(2400)) == S::LAST_ACK);
  CHECK(state_at(t, kServer, ms(2400)) == S::TIME_WAIT);
  const auto client = sent_by(t, kClient);
  std::vector<std::uint32_t> fins;
  for (const SentSegment& s : client) {
    if (s.record.seg.has(kFin)) fins.push_back(s.event.segment);
  }
  REQUIRE(fins.size() == 5);
  for (std::size_t k = 1; k < fins.size(); ++k) CHECK(t.segments[fins[k]].retransmit_of == fins[0]);
  const auto server = sent_by(t, kServer);
  std::size_t lost = 0;
  for (const SentSegment& s : server) {
    if (s.event.t > ms(2303) && s.dropped) ++lost;
    if (s.event.t > ms(2511)) CHECK(s.event.reason.why == Why::time_wait_restart);
  }
  CHECK(lost == 4);  // dropped at the client from 1.50 s to 3.45 s
  CHECK(entered_at(t, kClient, S::CLOSED) == ms(3975.093));
  CHECK(c.conversations[0].end_b == S::TIME_WAIT);
}

TEST_CASE("capture 07-so-linger-zero: RST,ACK instead of FIN, no TIME_WAIT on either side") {
  for (const std::string file : {"07-so-linger-zero.pcap", "07-so-linger-zero-b-unread.pcap"}) {
    INFO(file);
    const CaptureImport c = import_fixture(file);
    const Trace& t = c.trace;
    const auto client = sent_by(t, kClient);
    CHECK(flags_to_string(client.back().record.seg.flags) == "ACK,RST");
    CHECK(client.back().event.reason.why == Why::capture_rst_abort);
    CHECK(state_steps(t, kServer).back().why == Why::rst_received);
    CHECK(entered_at(t, kClient, S::TIME_WAIT) == -1);
    CHECK(entered_at(t, kServer, S::TIME_WAIT) == -1);
    CHECK(c.conversations[0].end_a == S::CLOSED);
    CHECK(c.conversations[0].end_b == S::CLOSED);
  }
}

TEST_CASE("capture 08-accept-queue-overflow: four streams; clients 3 and 4 never get in") {
  const CaptureImport c = import_fixture("08-accept-queue-overflow.pcap");
  REQUIRE(c.conversations.size() == 4);
  for (std::uint32_t k = 0; k < 4; ++k) {
    CHECK(c.conversations[k].stream == k);
    CHECK(c.conversations[k].a == fmt::format("10.200.0.1:{}", 41001 + k));
  }
  for (std::uint32_t k : {2U, 3U}) {
    CHECK(c.conversations[k].packets == 7);  // 7 SYNs in 10 s, all silently dropped
    CHECK(c.conversations[k].lost == 7);
    CHECK(c.conversations[k].end_a == S::SYN_SENT);
  }
  // ss: clients 1 and 2 ESTAB on both sides; at the end the listener's exit resets them.
  for (std::uint32_t conn : {1U, 2U}) {
    CHECK(state_at(c.trace, kClient, ms(5000), conn) == S::ESTABLISHED);
    CHECK(state_at(c.trace, kServer, ms(5000), conn) == S::ESTABLISHED);
    CHECK(state_steps(c.trace, kClient, conn).back().why == Why::rst_received);
  }
  SECTION("d: client 3's data meets a bare RST") {
    const CaptureImport d = import_fixture("08-accept-queue-overflow-d-ackdrop-abort1.pcap");
    const auto server = sent_by(d.trace, kServer, 3);
    CHECK(flags_to_string(server.back().record.seg.flags) == "RST");
    CHECK(server.back().event.reason.why == Why::rst_no_connection);
    CHECK(d.conversations[2].end_a == S::CLOSED);
  }
}

TEST_CASE("capture 09-syn-flood-lite: spoofed SYN-ACKs go unanswered, the real client gets in") {
  const CaptureImport c = import_fixture("09-syn-flood-lite.pcap");
  REQUIRE(c.conversations.size() == 51);
  for (std::size_t k = 0; k < 50; ++k) {
    CHECK(c.conversations[k].a == fmt::format("10.200.0.3:{}", 20000 + k));
    CHECK_FALSE(c.conversations[k].established);
    CHECK(c.conversations[k].end_b == S::SYN_RECEIVED);
  }
  const ConversationInfo& real = c.conversations[50];
  CHECK(real.bytes_a == 100);
  CHECK(real.bytes_b == 20);
  CHECK(real.end_a == S::TIME_WAIT);
}

TEST_CASE("capture 10-keepalive: probes at snd_nxt - 1, three unanswered, then RST") {
  const CaptureImport c = import_fixture("10-keepalive.pcap");
  const auto client = sent_by(c.trace, kClient);
  std::vector<std::pair<double, std::int64_t>> probes;
  for (const SentSegment& s : client) {
    if (s.event.reason.why == Why::keepalive_probe) {
      probes.emplace_back(to_ms(s.event.t), s.event.reason.a);
      CHECK(s.record.rel_seq == 10);
      CHECK(s.record.seg.len == 0);
    }
  }
  CHECK(probes == std::vector<std::pair<double, std::int64_t>>{
                      {2027.894, 1}, {4043.798, 1}, {6059.805, 1}, {7083.797, 2}, {8107.818, 3}});
  for (const SentSegment& s : client) {
    if (s.event.t >= ms(6059)) CHECK(s.dropped);  // everything dropped from 5007 ms
  }
  const auto server = sent_by(c.trace, kServer);
  CHECK(server[server.size() - 2].event.reason.why == Why::keepalive_reply);
  CHECK(client.back().event.reason.why == Why::rst_keepalive_dead);
  CHECK(client.back().event.reason.a == 3);
  CHECK(client.back().event.t == ms(9131.927));
  CHECK(c.conversations[0].end_a == S::CLOSED);
}

TEST_CASE("capture 11-simultaneous: crossed FINs through CLOSING to TIME_WAIT on both sides") {
  const CaptureImport c = import_fixture("11-simultaneous.pcap");
  for (const std::string& host : {kClient, kServer}) {
    INFO(host);
    CHECK(state_at(c.trace, host, ms(200)) == S::FIN_WAIT_1);  // ss: both FIN-WAIT-1
    CHECK(entered_at(c.trace, host, S::CLOSING) > 0);
    CHECK(entered_at(c.trace, host, S::LAST_ACK) == -1);
    CHECK(state_at(c.trace, host, ms(390.4)) == S::TIME_WAIT);  // ss: both TIME-WAIT
  }
  CHECK(states_entered(c.trace, kClient) ==
        std::vector<S>{S::SYN_SENT, S::ESTABLISHED, S::FIN_WAIT_1, S::CLOSING, S::TIME_WAIT});
  CHECK(states_entered(c.trace, kServer) == std::vector<S>{S::LISTEN, S::SYN_RECEIVED,
                                                           S::ESTABLISHED, S::FIN_WAIT_1,
                                                           S::CLOSING, S::TIME_WAIT});
  for (const StateStep& s : state_steps(c.trace, kClient)) {
    if (s.to == S::CLOSING) CHECK(s.why == Why::simultaneous_close);
  }
  // The first FINs (108.7 ms) were dropped at both inputs.
  for (const std::string& host : {kClient, kServer}) {
    for (const SentSegment& s : sent_by(c.trace, host)) {
      if (s.record.seg.has(kFin)) CHECK(s.dropped == (s.event.t < ms(200)));
    }
  }
}

TEST_CASE(
    "capture 11-simultaneous-open: crossed SYNs, SYN-ACKs with the original ISNs, both "
    "ESTABLISHED") {
  const CaptureImport c = import_fixture("11-simultaneous-open.pcap");
  for (const std::string& host : {kClient, kServer}) {
    INFO(host);
    const auto steps = state_steps(c.trace, host);
    REQUIRE(steps.size() >= 3);
    CHECK(steps[0].to == S::SYN_SENT);
    CHECK(steps[1].to == S::SYN_RECEIVED);
    CHECK(steps[1].why == Why::simultaneous_open_syn);
    CHECK(steps[2].to == S::ESTABLISHED);
    CHECK(steps[2].why == Why::simultaneous_open_synack);
    CHECK(state_at(c.trace, host, ms(0.2)) == S::SYN_SENT);
    CHECK(state_at(c.trace, host, ms(1027.2)) == S::ESTABLISHED);
    for (const SentSegment& s : sent_by(c.trace, host)) {
      if (s.record.seg.flags == (kSyn | kAck)) {
        CHECK(s.record.rel_seq == 0);
        CHECK(s.record.rel_ack == 1);
      }
    }
  }
}

// ---- captures cut, rewritten or made by hand

namespace {

std::vector<std::uint8_t> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Byte offset of record `n` (from 1) in a classic pcap file.
std::size_t record_offset(const std::vector<std::uint8_t>& pcap, std::size_t n) {
  std::size_t at = 24;
  for (std::size_t k = 1; k < n; ++k) {
    const std::uint32_t caplen = std::uint32_t{pcap[at + 8]} | std::uint32_t{pcap[at + 9]} << 8 |
                                 std::uint32_t{pcap[at + 10]} << 16 |
                                 std::uint32_t{pcap[at + 11]} << 24;
    at += 16 + caplen;
  }
  return at;
}

}  // namespace

TEST_CASE(
    "capture: a file cut inside a packet record names the packet and keeps what came before") {
  const auto whole = file_bytes(pcap_fixture("01-normal.pcap"));
  const std::size_t cut = record_offset(whole, 6) + 16 + 10;  // 10 bytes into packet 6's data
  REQUIRE(cut < whole.size());
  const std::vector<std::uint8_t> part(whole.begin(), whole.begin() + static_cast<long>(cut));
  const CaptureImport c = import_capture(part, "cut.pcap");
  REQUIRE(c.error.has_value());
  CHECK(c.error->file() == "cut.pcap");
  CHECK(c.error->packet() == 6);
  CHECK_THAT(c.error->what(), Catch::Contains("cut.pcap: packet 6"));
  CHECK(c.stats.tcp == 5);
  REQUIRE(c.conversations.size() == 1);
  CHECK(c.conversations[0].packets == 5);
  CHECK(c.trace.truncated);
  CHECK(sent_by(c.trace, kClient).size() + sent_by(c.trace, kServer).size() == 5);
  CHECK(c.conversations[0].end_a == S::ESTABLISHED);  // packets 1-5: handshake and data

  // The same file on disk, and a file that is no capture at all.
  const auto path = scratch_file("capture", "cut.pcap");
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(part.data()), static_cast<std::streamsize>(part.size()));
  const CaptureImport from_file = import_capture(path.string());
  REQUIRE(from_file.error.has_value());
  CHECK(from_file.error->packet() == 6);
  CHECK(from_file.stats.tcp == 5);
  const CaptureImport missing = import_capture("/nonexistent/none.pcap");
  REQUIRE(missing.error.has_value());
  CHECK(missing.error->packet() == 0);
  const std::vector<std::uint8_t> junk(100, 0x42);
  const CaptureImport not_pcap = import_capture(junk, "junk.bin");
  REQUIRE(not_pcap.error.has_value());
  CHECK(not_pcap.conversations.empty());
}

TEST_CASE("capture: a capture that starts mid-connection imports with both sides ESTABLISHED") {
  // 01-normal without its first three packets (the handshake), rewritten with libpcap.
  const auto path = scratch_file("capture", "midstream.pcap");
  {
    char err[PCAP_ERRBUF_SIZE] = {};
    pcap_t* in = pcap_open_offline(pcap_fixture("01-normal.pcap").c_str(), err);
    REQUIRE(in != nullptr);
    pcap_dumper_t* out = pcap_dump_open(in, path.c_str());
    REQUIRE(out != nullptr);
    pcap_pkthdr* h = nullptr;
    const u_char* data = nullptr;
    for (int n = 1; pcap_next_ex(in, &h, &data) == 1; ++n) {
      if (n > 3) pcap_dump(reinterpret_cast<u_char*>(out), h, data);
    }
    pcap_dump_close(out);
    pcap_close(in);
  }
  const CaptureImport c = import_capture(path.string());
  REQUIRE_FALSE(c.error.has_value());
  REQUIRE(c.conversations.size() == 1);
  CHECK_FALSE(c.conversations[0].handshake_seen);
  for (const std::string& host : {kClient, kServer}) {
    const auto steps = state_steps(c.trace, host);
    REQUIRE_FALSE(steps.empty());
    CHECK(steps[0].to == S::ESTABLISHED);
    CHECK(steps[0].why == Why::capture_midstream);
  }
  const auto client = sent_by(c.trace, kClient);
  CHECK(client[0].record.rel_seq == 0);  // relative to the first sequence number seen
  CHECK(client[0].record.seg.len == 100);
  CHECK(c.conversations[0].end_a == S::TIME_WAIT);
  CHECK(c.conversations[0].end_b == S::CLOSED);
}

namespace {

// A whole conversation between `client` and `server` on one link type: handshake, 1000
// bytes, the server's 500, FINs crossed in the classic order.
void write_conversation(const std::filesystem::path& path, int link, const Host& client,
                        const Host& server, bool vlan = false) {
  PcapFile w(path, link);
  const std::uint32_t c = 1000, s = 90000;
  Micros t = 1'700'000'000LL * kMicrosPerSec;
  w.segment(t, client, server, {c, 0, kSyn, 64240, 0, opt_syn(1460)}, vlan);
  w.segment(t += 50, server, client, {s, c + 1, kSyn | kAck, 65160, 0, opt_syn(1440)}, vlan);
  w.segment(t += 50, client, server, {c + 1, s + 1, kAck, 502}, vlan);
  w.segment(t += 100, client, server, {c + 1, s + 1, kAck | kPsh, 502, 1000}, vlan);
  w.segment(t += 50, server, client, {s + 1, c + 1001, kAck, 502}, vlan);
  w.segment(t += 100, server, client, {s + 1, c + 1001, kAck | kPsh, 502, 500}, vlan);
  w.segment(t += 50, client, server, {c + 1001, s + 501, kAck, 502}, vlan);
  w.segment(t += 100, client, server, {c + 1001, s + 501, kAck | kFin, 502}, vlan);
  w.segment(t += 50, server, client, {s + 501, c + 1002, kAck, 502}, vlan);
  w.segment(t += 100, server, client, {s + 501, c + 1002, kAck | kFin, 502}, vlan);
  w.segment(t += 50, client, server, {c + 1002, s + 502, kAck, 502}, vlan);
}

void check_conversation(const CaptureImport& c, const std::string& a, const std::string& b) {
  REQUIRE_FALSE(c.error.has_value());
  REQUIRE(c.conversations.size() == 1);
  const ConversationInfo& v = c.conversations[0];
  CHECK(v.a == a);
  CHECK(v.b == b);
  CHECK(v.packets == 11);
  CHECK(v.bytes_a == 1000);
  CHECK(v.bytes_b == 500);
  CHECK(v.end_a == S::TIME_WAIT);
  CHECK(v.end_b == S::CLOSED);
  CHECK(v.lost == 0);
  CHECK(c.disagreements.empty());
  const auto& hosts = c.trace.hosts;
  REQUIRE(hosts.size() == 2);
  CHECK(states_entered(c.trace, hosts[1].name) == std::vector<S>{S::LISTEN, S::SYN_RECEIVED,
                                                                 S::ESTABLISHED, S::CLOSE_WAIT,
                                                                 S::LAST_ACK, S::CLOSED});
  const auto first = sent_by(c.trace, hosts[0].name)[0].record;
  CHECK(first.seg.opt.mss == 1460);
  CHECK(first.seg.opt.sack_permitted);
  CHECK(first.seg.opt.wscale == 7);
}

}  // namespace

TEST_CASE(
    "capture: IPv6 over Linux cooked (SLL and SLL2), IPv4 raw, Ethernet with VLAN, loopback") {
  const Host c6 = v6(1, 40000), s6 = v6(2, 443);
  const Host c4 = v4(192, 0, 2, 1, 40000), s4 = v4(192, 0, 2, 2, 80);
  struct Case {
    int link;
    bool ipv6, vlan;
    const char* name;
  };
  for (const Case& k :
       {Case{DLT_LINUX_SLL, true, false, "sll6.pcap"},
        Case{DLT_LINUX_SLL2, true, false, "sll2.pcap"},
        Case{DLT_LINUX_SLL, false, false, "sll4.pcap"}, Case{DLT_RAW, false, false, "raw4.pcap"},
        Case{DLT_EN10MB, false, true, "vlan.pcap"}, Case{DLT_NULL, true, false, "null6.pcap"}}) {
    INFO(k.name);
    const auto path = scratch_file("capture", k.name);
    write_conversation(path, k.link, k.ipv6 ? c6 : c4, k.ipv6 ? s6 : s4, k.vlan);
    const CaptureImport c = import_capture(path.string());
    if (k.ipv6) {
      check_conversation(c, "[2001:db8::1]:40000", "[2001:db8::2]:443");
      CHECK(c.trace.hosts[0].name == "2001:db8::1");
    } else {
      check_conversation(c, "192.0.2.1:40000", "192.0.2.2:80");
      CHECK(c.trace.hosts[0].name == "192.0.2.1");
    }
  }
}

TEST_CASE("capture: loopback, both ends on one address, are told apart by port") {
  const auto path = scratch_file("capture", "loop.pcap");
  write_conversation(path, DLT_NULL, v4(127, 0, 0, 1, 40000), v4(127, 0, 0, 1, 8080));
  const CaptureImport c = import_capture(path.string());
  check_conversation(c, "127.0.0.1:40000", "127.0.0.1:8080");
  CHECK(c.trace.hosts[0].name == "127.0.0.1:40000");
  CHECK(c.trace.hosts[1].name == "127.0.0.1:8080");
}

TEST_CASE("capture: IPv4 fragments of a segment are put back together") {
  const auto path = scratch_file("capture", "fragments.pcap");
  const Host a = v4(192, 0, 2, 1, 40000), b = v4(192, 0, 2, 2, 80);
  {
    PcapFile w(path, DLT_RAW);
    Micros t = 0;
    w.segment(t, a, b, {1, 0, kSyn, 1000, 0, opt_syn(1460)});
    w.segment(t += 10, b, a, {500, 2, kSyn | kAck, 1000, 0, opt_syn(1460)});
    w.segment(t += 10, a, b, {2, 501, kAck});
    // 2000 bytes of data in two fragments: 1480 bytes (the TCP header and 1460) and 540.
    std::uint32_t wire = 0;
    Bytes first = ip_packet(a, b, {2, 501, kAck | kPsh, 1000, 2000}, wire, 77, 0x2000);
    first[2] = (20 + 1480) >> 8;
    first[3] = (20 + 1480) & 0xff;
    w.frame(t += 10, first, 20 + 1480);
    Bytes second = ip_packet(a, b, {0, 0, 0}, wire, 77, 1480 / 8);
    second.resize(20);
    second[2] = (20 + 540) >> 8;
    second[3] = (20 + 540) & 0xff;
    w.frame(t += 10, second, 20 + 540);
    w.segment(t += 10, b, a, {501, 2002, kAck});
  }
  const CaptureImport c = import_capture(path.string());
  REQUIRE_FALSE(c.error.has_value());
  CHECK(c.stats.reassembled == 1);
  CHECK(c.stats.tcp == 5);
  CHECK(c.conversations[0].bytes_a == 2000);
  CHECK(c.conversations[0].lost == 0);
}

TEST_CASE("capture: another stack's choices import without error and are listed as disagreements") {
  const auto path = scratch_file("capture", "other-stack.pcap");
  const Host a = v4(198, 51, 100, 1, 50000), b = v4(198, 51, 100, 2, 80);
  const std::uint32_t c0 = 7000, s0 = 3000;
  {
    PcapFile w(path, DLT_RAW);
    Micros t = 0;
    // No SACK, no timestamps from the client; window scale 0 on both sides.
    w.segment(t, a, b, {c0, 0, kSyn, 65535, 0, opt_syn(1460, false, false, 0)});
    w.segment(t += 1000, b, a, {s0, c0 + 1, kSyn | kAck, 65535, 0, opt_syn(1000, true, true, 0)});
    w.segment(t += 1000, a, b, {c0 + 1, s0 + 1, kAck, 65535});
    // Twelve segments in the first round trip, the sixth larger than the server's MSS.
    std::uint32_t seq = c0 + 1;
    for (int k = 0; k < 12; ++k) {
      const std::uint32_t len = k == 5 ? 1400 : 1000;
      w.segment(t += 10, a, b, {seq, s0 + 1, kAck, 65535, len});
      seq += len;
    }
    // The server acknowledges all but the last; a window of 2000 bytes.
    w.segment(t += 1000, b, a, {s0 + 1, seq - 1000, kAck, 2000});
    // The client repeats the last segment 2 ms later (nothing asked for it), then sends 3000
    // bytes where 1000 were allowed.
    w.segment(t += 2000, a, b, {seq - 1000, s0 + 1, kAck, 65535, 1000});
    w.segment(t += 10, a, b, {seq, s0 + 1, kAck, 65535, 1000});
    w.segment(t += 10, a, b, {seq + 1000, s0 + 1, kAck, 65535, 1000});
    w.segment(t += 10, a, b, {seq + 2000, s0 + 1, kAck, 65535, 1000});
    w.segment(t += 1000, b, a, {s0 + 1, seq + 3000, kAck, 60000});
  }
  const CaptureImport c = import_capture(path.string());
  REQUIRE_FALSE(c.error.has_value());
  std::vector<Why> kinds;
  for (const Disagreement& d : c.disagreements) {
    kinds.push_back(d.reason.why);
    CHECK(is_disagreement(d.reason.why));
    CHECK(d.stream == 0);
  }
  // The server's ACK also pulls its window's right edge back (65535 offered, then 2000).
  CHECK(kinds == std::vector<Why>{Why::capture_no_sack, Why::capture_over_mss,
                                  Why::capture_initial_window, Why::capture_window_shrunk,
                                  Why::capture_early_retransmit, Why::capture_beyond_window});
  const auto find = [&](Why w) -> const Disagreement& {
    for (const Disagreement& d : c.disagreements) {
      if (d.reason.why == w) return d;
    }
    FAIL("no disagreement " << why_name(w));
    return c.disagreements.front();
  };
  CHECK(find(Why::capture_no_sack).packet == 1);
  CHECK(find(Why::capture_no_sack).from == "198.51.100.1:50000");
  CHECK(find(Why::capture_over_mss).reason.a == 1400);
  CHECK(find(Why::capture_over_mss).reason.b == 1000);
  // Counted in segments of the peer's MSS: the 1400-byte one is two.
  CHECK(find(Why::capture_initial_window).reason.a == 13);
  CHECK(find(Why::capture_initial_window).reason.b == 12400);
  CHECK(find(Why::capture_early_retransmit).reason.b == 3000);  // 3 ms after the last copy
  // Of the three segments after the ACK, the second goes 1000 bytes past the window, the
  // third 2000: listed once, with the count.
  CHECK(find(Why::capture_beyond_window).reason.a == 1000);
  CHECK(find(Why::capture_beyond_window).count == 2);
  // Marked on the packets' events too, for the diagram.
  std::size_t marked = 0;
  for (const Event& e : c.trace.events) {
    if (e.disagreement.why != Why::none) ++marked;
  }
  CHECK(marked == 7);
  CHECK(c.conversations[0].disagreements == 7);
}

TEST_CASE("capture: one stream's trace counts time from its first packet") {
  const CaptureImport c = import_fixture("08-accept-queue-overflow.pcap");
  const Trace t = capture_stream_trace(c, 1);
  std::set<std::uint32_t> conns;
  for (const Event& e : t.events) conns.insert(e.conn);
  CHECK(conns == std::set<std::uint32_t>{2});
  CHECK(t.events[0].t == 0);
  CHECK(t.segments.size() == 8);
  CHECK_THROWS_AS(capture_stream_trace(c, 4), std::out_of_range);

  ImportOptions only;
  only.stream = 3;
  const CaptureImport one = import_capture(pcap_fixture("08-accept-queue-overflow.pcap"), only);
  CHECK(one.conversations.size() == 4);  // the list still has them all
  CHECK(one.trace.segments.size() == 7);
}

TEST_CASE("capture: progress is reported while a long file is read") {
  const auto path = scratch_file("capture", "long.pcap");
  {
    PcapFile w(path, DLT_RAW);
    for (std::uint16_t k = 0; k < 10000; ++k) {
      w.segment(k * 10, v4(10, 0, k >> 8, k & 0xff, 1024), v4(10, 1, 0, 1, 80),
                Tcp(k, 0, kSyn, 1000, 0, opt_syn(1460)));
    }
  }
  std::vector<ImportProgress> seen;
  ImportOptions o;
  o.progress_every = 0;
  o.progress = [&seen](const ImportProgress& p) { seen.push_back(p); };
  const CaptureImport c = import_capture(path.string(), o);
  CHECK(c.conversations.size() == 10000);
  REQUIRE(seen.size() == 2);  // every 4096 frames at most
  CHECK(seen[0].packets == 4096);
  CHECK(seen[1].packets == 8192);
  CHECK(seen[0].bytes_total == std::filesystem::file_size(path));
  CHECK(seen[0].bytes_read > 0);
  CHECK(seen[0].bytes_read < seen[1].bytes_read);
}
