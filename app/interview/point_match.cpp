#include "app/interview/point_match.hpp"

#include "app/content/scenario_search.hpp"

namespace synack {

std::string fold_for_match(std::string_view utf8) {
  std::string folded = fold_for_search(utf8);
  std::string out;
  out.reserve(folded.size());
  for (char c : folded) {
    if (c != ' ') out += c;
  }
  return out;
}

bool phrase_occurs(std::string_view phrase, const std::string& folded_answer) {
  bool any = false;
  std::size_t start = 0;
  while (start <= phrase.size()) {
    const std::size_t amp = phrase.find(" & ", start);
    const std::string_view part =
        phrase.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    const std::string folded = fold_for_match(part);
    if (!folded.empty()) {
      if (folded_answer.find(folded) == std::string::npos) return false;
      any = true;
    }
    if (amp == std::string_view::npos) break;
    start = amp + 3;
  }
  return any;  // an empty phrase matches nothing
}

bool point_made(const KeyPoint& point, const std::string& folded_answer) {
  for (const auto* list : {&point.phrases.en, &point.phrases.zh}) {
    for (const std::string& phrase : *list) {
      if (phrase_occurs(phrase, folded_answer)) return true;
    }
  }
  return false;
}

std::vector<bool> points_made(const std::vector<KeyPoint>& points, std::string_view answer) {
  const std::string folded = fold_for_match(answer);
  std::vector<bool> made;
  made.reserve(points.size());
  for (const KeyPoint& p : points) made.push_back(point_made(p, folded));
  return made;
}

}  // namespace synack
