// The window's conversation list over the Linux captures (tests/data/pcap/): its rows, a
// conversation opened in the session like a scenario (never re-run, disagreements marked on
// its arrows), and a truncated file shown with what was read and where it broke.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "app/draw/diagram_labels.hpp"
#include "app/front/capture_list.hpp"
#include "tests/support/capture_facts.hpp"
#include "tests/support/scratch.hpp"

using namespace synack;
using namespace synack::test;
using S = TcpState;

namespace {

const std::filesystem::path kContent = SYNACK_SOURCE_DIR "/content";

CaptureList list_of(const std::string& fixture) {
  return CaptureList(import_fixture(fixture));
}

}  // namespace

TEST_CASE("capture list: a row per conversation with endpoints, packets, end states",
          "[capture_list]") {
  const CaptureList normal = list_of("01-normal.pcap");
  CHECK(normal.file_name() == "01-normal.pcap");
  REQUIRE(normal.rows().size() == 1);
  const ConversationRow& r = normal.rows()[0];
  CHECK(r.stream == 0);
  CHECK(r.a == "10.200.0.1:34692");
  CHECK(r.b == "10.200.0.2:5000");
  CHECK(r.endpoints == "10.200.0.1:34692 \u2194 10.200.0.2:5000");
  CHECK(r.packets == 10);
  CHECK(r.end_a == S::TIME_WAIT);  // the client closed first
  CHECK(r.end_b == S::CLOSED);
  CHECK(r.handshake_seen);
  CHECK(r.disagreements == 0);
  CHECK(normal.disagreements() == 0);
  CHECK_FALSE(normal.broken(Lang::en));
  CHECK_FALSE(normal.selected());

  const CaptureList overflow = list_of("08-accept-queue-overflow.pcap");
  REQUIRE(overflow.rows().size() == 4);
  for (std::uint32_t k = 0; k < 4; ++k) CHECK(overflow.rows()[k].stream == k);

  // A SYN flood from a stack without SACK: 51 half-open conversations, every one with
  // packets synack's engine would not have sent (no SACK-permitted option).
  const CaptureList flood = list_of("09-syn-flood-lite.pcap");
  REQUIRE(flood.rows().size() == 51);
  const ConversationRow& f = flood.rows()[0];
  CHECK(f.endpoints == "10.200.0.3:20000 \u2194 10.200.0.2:5000");
  CHECK(f.packets == 3);
  CHECK(f.end_a == S::SYN_SENT);
  CHECK(f.end_b == S::SYN_RECEIVED);
  CHECK(f.disagreements > 0);
  std::uint32_t total = 0;
  for (const ConversationRow& row : flood.rows()) {
    CHECK(row.disagreements == flood.capture().conversations[row.stream].disagreements);
    total += row.disagreements;
  }
  CHECK(flood.disagreements() == total);
}

TEST_CASE("capture list: a picked conversation plays like a scenario, never re-run",
          "[capture_list]") {
  Session session(kContent);
  session.open("handshake");
  CaptureList flood = list_of("09-syn-flood-lite.pcap");
  REQUIRE(flood.open(3, session));
  CHECK(flood.selected() == 3u);
  REQUIRE(session.is_open());
  CHECK(session.is_recorded());
  const Scenario& s = session.scenario();
  CHECK(s.spec.id == "09-syn-flood-lite-stream-3");
  CHECK_THAT(s.title.en, Catch::Contains("stream 3") && Catch::Contains("10.200.0.3:20003"));
  CHECK_THAT(s.title.zh, Catch::Contains("流 3") && Catch::Contains("10.200.0.3:20003"));
  CHECK_THAT(s.summary.en, Catch::Contains("\u2260 engine"));
  CHECK_THAT(s.summary.zh, Catch::Contains("\u2260 引擎"));

  // The trace is the capture's own for that stream, with a cursor over it.
  const Trace expected = capture_stream_trace(flood.capture(), 3);
  const Run& run = session.run();
  CHECK(run.trace.events.size() == expected.events.size());
  CHECK(run.trace.segments.size() == expected.segments.size());
  CHECK(run.layout.event_y.size() == run.trace.events.size());
  CHECK(session.playback().step_count() > 0);

  // Every arrow of a segment the engine would not have sent is marked, and says so.
  std::size_t marked = 0;
  for (const Arrow& a : run.layout.arrows) {
    const bool disagrees = run.trace.events[a.send_event].disagreement.why != Why::none;
    CHECK(a.disagreement == disagrees);
    if (!a.disagreement) continue;
    ++marked;
    REQUIRE(a.text < run.layout.texts.size());
    std::string label;
    for (const auto& line : run.layout.texts[a.text].lines) label += line + " ";
    CHECK_THAT(label, Catch::Contains(std::string(disagreement_label(Lang::en))));
  }
  CHECK(marked == flood.rows()[3].disagreements);

  // What happened cannot be run again.
  CHECK_FALSE(session.set_sysctl("tcp_syncookies", "0").empty());
  CHECK_FALSE(session.set_profile("linux-6.18").empty());
  CHECK_FALSE(session.what_if_drop(0));
  CHECK(session.branch() == nullptr);
  session.reset_sysctls();  // nothing to re-run: the trace stays
  CHECK(session.run().trace.events.size() == expected.events.size());

  // Not there: nothing changes.
  CHECK_FALSE(flood.open(51, session));
  CHECK(flood.selected() == 3u);
  CHECK(session.scenario().spec.id == "09-syn-flood-lite-stream-3");

  // A scenario opened after it is simulated again as usual.
  session.open("handshake");
  CHECK_FALSE(session.is_recorded());
  CHECK(session.set_sysctl("tcp_syn_retries", "2").empty());
}

TEST_CASE("capture list: a file cut short shows what was read, naming the file and packet",
          "[capture_list]") {
  // 01-normal.pcap cut 10 bytes into packet 6's data: packets 1..5 are read.
  std::ifstream in(pcap_fixture("01-normal.pcap"), std::ios::binary);
  std::vector<char> whole((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t at = 24;
  for (int k = 1; k < 6; ++k) {
    const auto b = [&](std::size_t i) { return std::uint32_t(std::uint8_t(whole[at + i])); };
    at += 16 + (b(8) | b(9) << 8 | b(10) << 16 | b(11) << 24);
  }
  const auto cut = scratch_file("capture-list", "cut.pcap");
  std::ofstream(cut, std::ios::binary).write(whole.data(), static_cast<long>(at + 16 + 10));

  CaptureList list(import_capture(cut.string()));
  REQUIRE(list.rows().size() == 1);
  CHECK(list.rows()[0].packets == 5);
  const auto en = list.broken(Lang::en);
  const auto zh = list.broken(Lang::zh);
  REQUIRE(en);
  REQUIRE(zh);
  CHECK_THAT(*en, Catch::Contains(cut.string() + ": packet 6") &&
                      Catch::Contains("the 5 packets read before it"));
  CHECK_THAT(*zh, Catch::Contains(cut.string()) && Catch::Contains("第 6 个报文") &&
                      Catch::Contains("5 个报文"));
  Session session(kContent);
  REQUIRE(list.open(0, session));
  CHECK(session.run().trace.truncated);
}
