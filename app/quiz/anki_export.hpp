#pragma once
// Anki-importable CSV: one note per item (Front, Back, Tags), with the header lines Anki
// 2.1.55+ reads (#separator, #html, #columns, #tags column) so no import setting is needed.

#include <ostream>
#include <vector>

#include "app/quiz/quiz_item.hpp"

namespace synack {

void export_anki_csv(const std::vector<QuizItem>& items, Lang lang, std::ostream& out);

}  // namespace synack
