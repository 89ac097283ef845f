// What the fuzz target fuzz_capture does with one input (fuzz/capture_input.hpp), in the
// normal build: the repository's captures (its seeds) read to the end, a cut one stops at the
// packet where it broke, and every input the fuzzing found (tests/data/fuzz/capture/) ends as
// listed here.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "fuzz/capture_input.hpp"

using namespace synack;

namespace {

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("fuzz_capture reads every capture of the repository to its end", "[fuzz]") {
  int seen = 0;
  for (const auto& e : std::filesystem::directory_iterator(SYNACK_TEST_DATA "/pcap")) {
    CAPTURE(e.path().string());
    CHECK(fuzz::capture_input(read_bytes(e.path())) == "");
    ++seen;
  }
  CHECK(seen >= 20);  // the Linux captures, so the fuzzer starts from real files
}

TEST_CASE("fuzz_capture stops a cut capture at the packet where it broke", "[fuzz]") {
  std::vector<std::uint8_t> bytes = read_bytes(SYNACK_TEST_DATA "/pcap/01-normal.pcap");
  REQUIRE(bytes.size() > 100);
  bytes.resize(bytes.size() - 10);  // the last record loses its end
  const std::string error = fuzz::capture_input(bytes);
  CHECK(error.find("fuzz-input") != std::string::npos);
  CHECK(error.find("packet") != std::string::npos);
  CHECK(fuzz::capture_input({}).find("fuzz-input") != std::string::npos);  // not a capture
}

TEST_CASE("every input the capture fuzzing found ends as expected", "[fuzz]") {
  // File name -> what capture_input must return; a new input needs its line here.
  const std::map<std::string, std::string> expected = {};
  const std::filesystem::path dir = SYNACK_TEST_DATA "/fuzz/capture";
  int seen = 0;
  if (std::filesystem::exists(dir)) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      CAPTURE(name);
      REQUIRE(expected.count(name) == 1);
      CHECK(fuzz::capture_input(read_bytes(e.path())) == expected.at(name));
      ++seen;
    }
  }
  CHECK(seen == static_cast<int>(expected.size()));
}
