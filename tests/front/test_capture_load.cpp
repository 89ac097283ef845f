// A capture read on a worker thread (CaptureLoad) and the window's capture desk over it:
// progress while the caller goes on, cancel, a missing or empty file, and poll() turning a
// finished read into the conversation list with a conversation open in the session.
#include <catch2/catch.hpp>

#include <fstream>
#include <future>
#include <latch>

#include "app/front/capture_desk.hpp"
#include "app/front/capture_load.hpp"
#include "tests/support/capture_facts.hpp"
#include "tests/support/pcap_builder.hpp"
#include "tests/support/scratch.hpp"

using namespace synack;
using namespace synack::test;

namespace {

const std::filesystem::path kContent = SYNACK_SOURCE_DIR "/content";

// 10,000 SYNs from different ports: 10,000 conversations, progress reported twice.
std::filesystem::path long_capture(const std::string& name) {
  const auto path = scratch_file("capture-load", name);
  PcapFile w(path, DLT_RAW);
  for (std::uint16_t k = 0; k < 10000; ++k) {
    w.segment(k * 10, v4(10, 0, k >> 8, k & 0xff, 1024), v4(10, 1, 0, 1, 80),
              Tcp(k, 0, kSyn, 1000, 0, opt_syn(1460)));
  }
  return path;
}

}  // namespace

TEST_CASE("capture load: read on a worker, progress seen while it reads", "[capture_load]") {
  const auto path = long_capture("long.pcap");
  // The worker stops at its first report until the test has looked.
  std::latch looked(1);
  std::atomic<int> reports{0};
  CaptureLoad load(path.string(), [&](const ImportProgress&) {
    if (reports++ == 0) looked.wait();
  });
  while (reports == 0) std::this_thread::yield();
  CHECK(load.status() == CaptureLoad::Status::reading);
  CHECK(load.progress().packets == 4096);
  CHECK(load.progress().bytes_total == std::filesystem::file_size(path));
  REQUIRE(load.fraction());
  CHECK(*load.fraction() > 0.2);
  CHECK(*load.fraction() < 0.6);
  CHECK_FALSE(load.take());  // nothing yet
  looked.count_down();

  REQUIRE(load.wait());
  CHECK(load.status() == CaptureLoad::Status::done);
  CHECK(load.progress().packets == 10000);
  CHECK(load.fraction() == 1.0);
  auto imported = load.take();
  REQUIRE(imported);
  CHECK(imported->conversations.size() == 10000);
  CHECK_FALSE(imported->error);
  CHECK_FALSE(load.take());  // once
}

TEST_CASE("capture load: cancel stops the read at its next report", "[capture_load]") {
  const auto path = long_capture("cancel.pcap");
  std::latch cancelled(1);
  CaptureLoad load(path.string(), [&](const ImportProgress&) { cancelled.wait(); });
  while (load.progress().packets == 0) std::this_thread::yield();
  load.cancel();
  cancelled.count_down();
  REQUIRE(load.wait());
  CHECK(load.status() == CaptureLoad::Status::cancelled);
  CHECK(load.progress().packets == 4096);  // it went no further
  CHECK_FALSE(load.take());
}

TEST_CASE("capture load: a small file is done without a report; destroying one mid-read is safe",
          "[capture_load]") {
  CaptureLoad small(pcap_fixture("01-normal.pcap"));
  REQUIRE(small.wait());
  CHECK(small.status() == CaptureLoad::Status::done);
  CHECK(small.progress().packets == 10);
  CHECK(small.fraction() == 1.0);
  // Dropped while reading: the destructor cancels and joins.
  const auto path = long_capture("dropped.pcap");
  auto dropped = std::make_unique<CaptureLoad>(path.string());
  dropped.reset();
}

TEST_CASE("capture desk: a finished read becomes the list, the asked stream opens",
          "[capture_load]") {
  Session session(kContent);
  session.open("handshake");
  CaptureDesk desk;
  CHECK(desk.poll(session) == CaptureDesk::Polled::idle);
  desk.open(pcap_fixture("08-accept-queue-overflow.pcap"), 2);
  REQUIRE(desk.loading());
  CHECK(desk.finish(session) == CaptureDesk::Polled::opened);
  CHECK_FALSE(desk.loading());
  REQUIRE(desk.list());
  CHECK(desk.list()->rows().size() == 4);
  CHECK(desk.list()->selected() == 2u);
  CHECK(session.is_recorded());
  CHECK(session.scenario().spec.id == "08-accept-queue-overflow-stream-2");

  // A stream the file does not have: the first one instead (the window says nothing more;
  // a headless run checks list()->selected()).
  desk.open(pcap_fixture("01-normal.pcap"), 7);
  CHECK(desk.finish(session) == CaptureDesk::Polled::opened);
  CHECK(desk.list()->selected() == 0u);
  CHECK(session.scenario().spec.id == "01-normal-stream-0");

  // Picking another conversation, and one that is not there.
  desk.open(pcap_fixture("09-syn-flood-lite.pcap"));
  REQUIRE(desk.finish(session) == CaptureDesk::Polled::opened);
  CHECK(desk.pick(50, session));
  CHECK(session.scenario().spec.id == "09-syn-flood-lite-stream-50");
  CHECK_FALSE(desk.pick(51, session));
  CHECK(desk.list()->selected() == 50u);

  desk.close();
  CHECK_FALSE(desk.list());
  CHECK(session.is_open());  // the conversation stays on screen
}

TEST_CASE("capture desk: a file that shows nothing fails, the list shown stays", "[capture_load]") {
  Session session(kContent);
  CaptureDesk desk;
  desk.open(pcap_fixture("01-normal.pcap"));
  REQUIRE(desk.finish(session) == CaptureDesk::Polled::opened);

  desk.open(pcap_fixture("no-such-file.pcap"));
  CHECK(desk.finish(session) == CaptureDesk::Polled::failed);
  CHECK_THAT(desk.error(), Catch::Contains("no-such-file.pcap"));
  REQUIRE(desk.list());
  CHECK(desk.list()->file_name() == "01-normal.pcap");

  const auto text = scratch_file("capture-load", "not-a-capture.pcap");
  std::ofstream(text) << "hello, not a pcap\n";
  desk.open(text.string());
  CHECK(desk.finish(session) == CaptureDesk::Polled::failed);
  CHECK_THAT(desk.error(), Catch::Contains("not-a-capture.pcap"));

  // A capture with no frames: read whole, yet nothing to list.
  const auto empty = scratch_file("capture-load", "empty.pcap");
  { PcapFile w(empty, DLT_RAW); }
  desk.open(empty.string());
  CHECK(desk.finish(session) == CaptureDesk::Polled::failed);
  CHECK_THAT(desk.error(), Catch::Contains("no TCP conversation"));
  CHECK(session.scenario().spec.id == "01-normal-stream-0");

  // Cancelled: the list and the session keep what they had.
  const auto path = long_capture("desk-cancel.pcap");
  desk.open(path.string());
  desk.cancel();
  CHECK(desk.finish(session) == CaptureDesk::Polled::cancelled);
  CHECK(desk.list()->file_name() == "01-normal.pcap");
}
