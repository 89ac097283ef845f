#pragma once
// What the fuzz regression tests share: a file's contents, and the check that every input the
// fuzzing found (tests/data/fuzz/<target>/) still ends as its line in the test says.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace synack::test {

inline std::string file_contents(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `expected`: file name -> what `outcome(contents)` must return. A file without a line, or a
// line without its file, fails: a new input needs its line.
template <class Outcome>
void check_found_inputs(const std::string& target,
                        const std::map<std::string, std::string>& expected, Outcome outcome) {
  const std::filesystem::path dir = std::filesystem::path(SYNACK_TEST_DATA) / "fuzz" / target;
  std::size_t seen = 0;
  if (std::filesystem::exists(dir)) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      CAPTURE(name);
      REQUIRE(expected.count(name) == 1);
      CHECK(outcome(file_contents(e.path())) == expected.at(name));
      ++seen;
    }
  }
  CHECK(seen == expected.size());
}

}  // namespace synack::test
