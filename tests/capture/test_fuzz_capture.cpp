// What the fuzz target fuzz_capture does with one input (fuzz/capture_input.hpp), in the
// normal build: the repository's captures (its seeds) read to the end, a cut one stops at the
// packet where it broke, and every input the fuzzing found (tests/data/fuzz/capture/) ends as
// listed here.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <string>

#include "fuzz/capture_input.hpp"
#include "tests/support/fuzz_found.hpp"

using namespace synack;

namespace {

std::string capture_outcome(const std::string& contents) {
  const auto* data = reinterpret_cast<const std::uint8_t*>(contents.data());
  return fuzz::capture_input({data, contents.size()});
}

}  // namespace

TEST_CASE("fuzz_capture reads every capture of the repository to its end", "[fuzz]") {
  int seen = 0;
  for (const auto& e : std::filesystem::directory_iterator(SYNACK_TEST_DATA "/pcap")) {
    CAPTURE(e.path().string());
    CHECK(capture_outcome(test::file_contents(e.path())) == "");
    ++seen;
  }
  CHECK(seen >= 20);  // the Linux captures, so the fuzzer starts from real files
}

TEST_CASE("fuzz_capture stops a cut capture at the packet where it broke", "[fuzz]") {
  std::string bytes = test::file_contents(SYNACK_TEST_DATA "/pcap/01-normal.pcap");
  REQUIRE(bytes.size() > 100);
  bytes.resize(bytes.size() - 10);  // the last record loses its end
  const std::string error = capture_outcome(bytes);
  CHECK(error.find("fuzz-input") != std::string::npos);
  CHECK(error.find("packet") != std::string::npos);
  CHECK(fuzz::capture_input({}).find("fuzz-input") != std::string::npos);  // not a capture
}

TEST_CASE("every input the capture fuzzing found ends as expected", "[fuzz]") {
  // File name -> what capture_input must return; a new input needs its line here.
  const std::map<std::string, std::string> expected = {};
  test::check_found_inputs("capture", expected, capture_outcome);
}
