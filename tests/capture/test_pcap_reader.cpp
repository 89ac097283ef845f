// The capture reader (libpcap underneath): pcap and pcapng, from a file or from memory,
// frame numbers from 1, and a broken file's error naming the frame where it broke.
#include <pcap/pcap.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <vector>

#include "app/capture/capture_error.hpp"
#include "app/capture/pcap_reader.hpp"
#include "tests/support/capture_facts.hpp"

using namespace synack;

namespace {

std::vector<std::uint8_t> bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Seen {
  std::uint64_t number;
  Micros t;
  std::uint32_t caplen, wire_len;
};

std::vector<Seen> read_all(PcapReader& r) {
  std::vector<Seen> out;
  RawFrame f;
  while (r.next(f)) {
    out.push_back({f.number, f.t, static_cast<std::uint32_t>(f.bytes.size()), f.wire_len});
  }
  return out;
}

}  // namespace

TEST_CASE("pcap reader: pcap and pcapng give the same frames, numbered from 1") {
  PcapReader pcap(test::pcap_fixture("01-normal.pcap"));
  PcapReader pcapng(test::pcap_fixture("01-normal.pcapng"));
  CHECK(pcap.link_type() == DLT_EN10MB);
  CHECK(pcapng.link_type() == DLT_EN10MB);
  const auto a = read_all(pcap);
  const auto b = read_all(pcapng);
  REQUIRE(a.size() == 10);
  REQUIRE(b.size() == a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].number == i + 1);
    CHECK(b[i].number == a[i].number);
    CHECK(b[i].t == a[i].t);
    CHECK(b[i].caplen == a[i].caplen);
    CHECK(b[i].wire_len == a[i].wire_len);
  }
  CHECK(a[1].t - a[0].t == 24);  // the SYN-ACK 24 µs after the SYN (summary: 0.024 ms)
  CHECK(pcap.position() == pcap.size());
}

TEST_CASE("pcap reader: from memory, and where a file breaks") {
  const auto whole = bytes_of(test::pcap_fixture("01-normal.pcap"));
  {
    PcapReader r(whole, "in-memory");
    CHECK(read_all(r).size() == 10);
  }
  // Cut in the middle of the 4th record's header: frames 1-3 come out, then the error.
  std::size_t at = 24;
  for (int k = 0; k < 3; ++k) {
    at += 16 + (std::size_t{whole[at + 8]} | std::size_t{whole[at + 9]} << 8);
  }
  const std::vector<std::uint8_t> cut(whole.begin(), whole.begin() + static_cast<long>(at + 7));
  PcapReader r(cut, "cut.pcap");
  RawFrame f;
  int frames = 0;
  try {
    while (r.next(f)) ++frames;
    FAIL("no error");
  } catch (const CaptureError& e) {
    CHECK(e.file() == "cut.pcap");
    CHECK(e.packet() == 4);
    CHECK_THAT(e.what(), Catch::Contains("truncated"));
  }
  CHECK(frames == 3);
  // Not a capture at all: the file header is rejected, packet 0.
  const std::vector<std::uint8_t> text = {'h', 'e', 'l', 'l', 'o', '\n'};
  try {
    PcapReader bad(text, "hello.txt");
    FAIL("no error");
  } catch (const CaptureError& e) {
    CHECK(e.packet() == 0);
    CHECK_THAT(e.what(), Catch::StartsWith("hello.txt: "));
  }
  CHECK_THROWS_AS(PcapReader(std::vector<std::uint8_t>{}, "empty"), CaptureError);
  CHECK_THROWS_AS(PcapReader("/nonexistent/x.pcap"), CaptureError);
}
