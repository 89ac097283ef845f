#include "app/quiz/anki_export.hpp"

#include <string>

#include "app/base/xml_escape.hpp"
#include "app/quiz/grading.hpp"

namespace synack {

namespace {

// RFC 4180: quote every field, double the quotes inside.
std::string csv_field(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Text in an HTML field: escaped, line breaks kept.
std::string html(const std::string& text) {
  std::string out;
  for (const char c : xml_escape(text)) out += c == '\n' ? std::string("<br>") : std::string(1, c);
  return out;
}

std::string front(const QuizItem& item, Lang lang) {
  std::string out = html(item.question.in(lang));
  if (!item.choices.empty()) {
    out += "<ol>";
    for (const LocalizedText& c : item.choices) out += "<li>" + html(c.in(lang)) + "</li>";
    out += "</ol>";
  }
  return out;
}

std::string back(const QuizItem& item, Lang lang) {
  std::string out = "<b>" + html(right_answer_text(item, lang)) + "</b><br><br>" +
                    html(item.explanation.in(lang));
  if (item.material) out += "<br><br><i>" + html(item.material->in(lang)) + "</i>";
  if (!item.scenario.empty()) out += "<br><br>synack --scenario " + html(item.scenario);
  return out;
}

}  // namespace

void export_anki_csv(const std::vector<QuizItem>& items, Lang lang, std::ostream& out) {
  out << "#separator:Comma\n#html:true\n#columns:Front,Back,Tags\n#tags column:3\n";
  for (const QuizItem& item : items) {
    out << csv_field(front(item, lang)) << ',' << csv_field(back(item, lang)) << ','
        << csv_field("synack " + item.topic + " synack::" + std::string(quiz_type_name(item.type)))
        << '\n';
  }
}

}  // namespace synack
