#pragma once
// Which key points a typed answer made: a point counts when any of its phrases, in either
// language, occurs in the answer. Both sides are folded (ASCII case, full-width forms,
// spaces, '-' and '_'), and Chinese is matched by phrase, without word segmentation.

#include <string>
#include <string_view>
#include <vector>

#include "app/interview/interview_entry.hpp"

namespace synack {

// The text as phrases are compared: fold_for_search's folding with every space dropped, so
// "time wait", "TIME_WAIT" and "ｔｉｍｅ＿ｗａｉｔ" are one word.
std::string fold_for_match(std::string_view utf8);

// Whether `phrase` ("a & b": every part) occurs in an answer already folded by
// fold_for_match.
bool phrase_occurs(std::string_view phrase, const std::string& folded_answer);

bool point_made(const KeyPoint& point, const std::string& folded_answer);

// For each point, whether the answer made it.
std::vector<bool> points_made(const std::vector<KeyPoint>& points, std::string_view answer);

}  // namespace synack
