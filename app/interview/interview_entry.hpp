#pragma once
// One interview entry (docs/interview-format.md): a question as an interviewer asks it, the
// model answer built from key points, the follow-ups that come next, and the answers
// interviewers reject.

#include <optional>
#include <string>
#include <vector>

#include "app/content/scenario.hpp"

namespace synack {

// Words that show an answer made a point, in each language. A phrase may be several parts
// joined by " & ", all of which must occur.
struct PointPhrases {
  std::vector<std::string> en, zh;
};

struct KeyPoint {
  LocalizedText text;
  PointPhrases phrases;
  std::string scenario;               // empty: no animation shows it
  std::optional<NarrationAnchor> at;  // the step to open; none: the first
};

struct FollowUp {
  LocalizedText question;
  LocalizedText answer;
  std::vector<KeyPoint> points;
};

struct InterviewEntry {
  std::string id;
  std::string topic;
  LocalizedText question;
  LocalizedText answer;
  std::vector<KeyPoint> points;
  std::vector<FollowUp> followups;
  std::vector<LocalizedText> mistakes;
  std::vector<std::string> quiz;  // quiz item ids to practise; empty: the topic's
  std::string origin;             // the file it came from, and its line
  int line = 0;
};

}  // namespace synack
