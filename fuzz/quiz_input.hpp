#pragma once
// What fuzz_quiz does with one input, shared with its regression tests: import it as a quiz
// file (`synack quiz --import`), then read every item back from the body the bank stores.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "app/quiz/quiz_loader.hpp"
#include "fuzz/fuzz_content.hpp"

namespace synack::fuzz {

// "" if the file imported; else the loader's error. Anything else is a bug, including an
// item the bank could store but not read back the same (it throws std::logic_error).
inline std::string quiz_input(std::string_view text) {
  const ShippedContent& content = shipped_content();
  QuizContext ctx{&content.topics, &content.scenarios, [&](const std::string& id) {
                    const auto it = content.hosts.find(id);
                    return it == content.hosts.end() ? std::vector<HostSpec>{} : it->second;
                  }};
  std::vector<QuizItem> items;
  try {
    items = load_quiz_text(text, "fuzz-input.toml", ctx);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  for (const QuizItem& item : items) {
    if (quiz_item_from_body(item.body, item.origin).body != item.body) {
      throw std::logic_error("item " + item.id + " reads back different from its body");
    }
  }
  return "";
}

}  // namespace synack::fuzz
