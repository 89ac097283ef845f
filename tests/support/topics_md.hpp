#pragma once
// Reading shared/topics.md, the course's topic checklist, in tests: the (id, dynamic) of
// every table row "| HS-01 | question | where | yes |", in file order.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace synack::test {

inline std::string trim_spaces(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

inline std::vector<std::pair<std::string, bool>> markdown_topics(
    const std::filesystem::path& file) {
  std::vector<std::pair<std::string, bool>> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("| ")) continue;
    std::vector<std::string> cells;
    std::stringstream row(line.substr(1));
    std::string cell;
    while (std::getline(row, cell, '|')) cells.push_back(trim_spaces(cell));
    if (cells.size() < 4) continue;
    const std::string& id = cells.front();
    const bool is_id = id.size() == 5 && id[2] == '-' && std::isupper(id[0]) &&
                       std::isupper(id[1]) && std::isdigit(id[3]) && std::isdigit(id[4]);
    if (is_id) out.emplace_back(id, cells.back() == "yes");
  }
  return out;
}

}  // namespace synack::test
