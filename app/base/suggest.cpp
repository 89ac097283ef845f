#include "app/base/suggest.hpp"

#include <algorithm>
#include <utility>

namespace synack {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<std::string> suggest_ids(const std::vector<std::string>& ids, std::string_view unknown,
                                     std::size_t max) {
  // Close enough to be a typo, or a part of the id ("flood" for "syn-flood").
  std::size_t limit = std::max<std::size_t>(2, unknown.size() / 2);
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const std::string& id : ids) {
    std::size_t d = edit_distance(unknown, id);
    bool part = !unknown.empty() && id.find(unknown) != std::string::npos;
    if (d <= limit || part) ranked.emplace_back(part ? std::min<std::size_t>(d, 1) : d, id);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranked.size() && i < max; ++i) out.push_back(ranked[i].second);
  return out;
}

}  // namespace synack
