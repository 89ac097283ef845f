// The scenario browser: scenarios grouped by the topic they mainly teach (their first topic
// id's prefix; listing them under every topic made the list three times as long), with a
// search over ids, titles and all their topic ids.

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "app/gui/i18n.hpp"
#include "app/gui/views.hpp"

namespace synack::gui {
namespace {

// Course order of shared/topics.md; anything else goes last under "other".
constexpr std::array<std::string_view, 8> kGroups = {"BA", "HS", "FW", "TW",
                                                     "KA", "SK", "RT", "AT"};

std::string prefix_of(const std::string& topic) {
  return topic.substr(0, topic.find('-'));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool matches(const CatalogEntry& e, const std::string& query, Lang lang) {
  if (query.empty()) return true;
  auto has = [&](std::string_view text) { return lower(text).find(query) != std::string::npos; };
  if (has(e.id) || has(e.title.in(lang))) return true;
  return std::any_of(e.topics.begin(), e.topics.end(), has);
}

class BrowserView : public View {
 public:
  const char* title_key() const override { return "view.browser"; }

  void draw(Session& session, GuiState& gui) override {
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##search", tr("browser.search_hint"), search_, sizeof search_);
    const std::string query = lower(search_);
    const Lang lang = session.lang;
    const std::string open_id = session.is_open() ? session.scenario().spec.id : "";

    ImGui::BeginChild("##list");
    const auto& entries = session.catalog().entries;
    std::size_t shown = 0;
    auto group = [&](std::string_view prefix, bool other) {
      std::vector<const CatalogEntry*> in;
      for (const auto& e : entries) {
        const std::string p = e.topics.empty() ? "" : prefix_of(e.topics.front());
        const bool known = std::find(kGroups.begin(), kGroups.end(), p) != kGroups.end();
        const bool member = other ? !known : p == prefix;
        if (member && matches(e, query, lang)) in.push_back(&e);
      }
      if (in.empty()) return;
      const std::string key = other ? "topic.other" : "topic." + std::string(prefix);
      const std::string header =
          other ? std::string(tr(key.c_str())) : std::string(prefix) + "  " + tr(key.c_str());
      ImGui::SetNextItemOpen(true, ImGuiCond_Once);
      if (!ImGui::TreeNodeEx((header + "###" + key).c_str(), ImGuiTreeNodeFlags_SpanAvailWidth)) {
        return;
      }
      for (const CatalogEntry* e : in) {
        ++shown;
        ImGui::PushID(e->id.c_str());
        const bool selected = e->id == open_id;
        if (ImGui::Selectable(e->title.in(lang).c_str(), selected)) open(session, gui, e->id);
        if (ImGui::IsItemHovered()) {
          std::string topics;
          for (const auto& t : e->topics) topics += (topics.empty() ? "" : ", ") + t;
          ImGui::SetTooltip("%s\n%s\n%s", e->title.in(lang).c_str(), e->id.c_str(), topics.c_str());
        }
        ImGui::PopID();
      }
      ImGui::TreePop();
    };
    for (auto prefix : kGroups) group(prefix, false);
    group("", true);
    if (shown == 0) ImGui::TextDisabled("%s", tr("browser.no_match"));
    if (!error_.empty()) {
      ImGui::Separator();
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", error_.c_str());
      ImGui::PopTextWrapPos();
    }
    for (const auto& e : session.catalog().errors) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", e.what());
      ImGui::PopTextWrapPos();
    }
    ImGui::EndChild();
  }

 private:
  void open(Session& session, GuiState& gui, const std::string& id) {
    try {
      session.open(id);
      error_.clear();
      gui.scroll_y = 0;
      gui.want_redraw = true;
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }

  char search_[128] = {};
  std::string error_;
};

}  // namespace

std::unique_ptr<View> make_browser_view() {
  return std::make_unique<BrowserView>();
}

}  // namespace synack::gui
