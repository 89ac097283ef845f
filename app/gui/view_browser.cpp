// The scenario browser: with an empty search box, the scenarios grouped by the section of
// the topic they mainly teach (group_scenarios); with a query, ScenarioSearch's ranked hits in
// one list, each with its topic. Ctrl+F goes to the box, ↓/↑ pick a hit, Enter opens it.

#include <GLFW/glfw3.h>
#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "app/content/scenario_groups.hpp"
#include "app/content/scenario_search.hpp"
#include "app/front/capture_desk.hpp"
#include "app/gui/fonts.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/text.hpp"
#include "app/gui/views.hpp"

namespace synack::gui {
namespace {

// "topic.HS", or "topic.other" for the group of scenarios outside every section.
std::string group_key(std::string_view section) {
  return section.empty() ? "topic.other" : "topic." + std::string(section);
}

// "HS-13  Connection establishment": where a hit sits in the grouped list.
std::string topic_line(const CatalogEntry& e) {
  const std::string key = group_key(scenario_section(e));
  if (e.topics.empty()) return tr(key.c_str());
  return e.topics.front() + "  " + tr(key.c_str());
}

bool pressed(ImGuiKey key) {
  return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), true);
}

class BrowserView : public View {
 public:
  const char* title_key() const override { return "view.browser"; }
  // A capture's conversation list takes its place until it is closed.
  bool visible(const GuiState& gui) const override {
    return !gui.presenter && !(gui.capture && gui.capture->list());
  }

  void draw(Session& session, GuiState& gui) override {
    if (!gui.search.empty()) {  // --search: the box starts filled
      gui.search.copy(search_, sizeof search_ - 1);
      gui.search.clear();
    }
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_F, false)) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##search", tr("browser.search_hint"), search_, sizeof search_);
    // Enter ends the edit (1.86 deactivates the box); ↓/↑ only move while typing.
    const bool typing = ImGui::IsItemActive();
    const bool entered =
        ImGui::IsItemDeactivated() && (pressed(ImGuiKey_Enter) || pressed(ImGuiKey_KeyPadEnter));
    need_text(search_);  // pasted text; typed characters reach the atlas before the frame

    ImGui::BeginChild("##list");
    if (search_terms(search_).empty()) {
      grouped(session, gui);
    } else {
      results(session, gui, typing, entered);
    }
    if (!error_.empty()) {
      need_text(error_);
      ImGui::Separator();
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", error_.c_str());
      ImGui::PopTextWrapPos();
    }
    for (const auto& e : session.catalog().errors) {
      need_text(e.what());  // a user's content directory: their file names and text
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", e.what());
      ImGui::PopTextWrapPos();
    }
    ImGui::EndChild();
  }

 private:
  // The whole catalog under its topics. The open scenario's topic is unfolded, the others
  // folded to their headers (all unfolded while none is open): the list opens where the
  // student is, and a long list of titles beside a playing diagram is noise (and, under a
  // software renderer, a third of the frame). A scenario opened another way (search, the
  // quiz's "Watch it", a file) unfolds its topic again.
  void grouped(Session& session, GuiState& gui) {
    const Lang lang = session.lang;
    const std::string open_id = session.is_open() ? session.scenario().spec.id : "";
    const bool reveal = open_id != revealed_;
    revealed_ = open_id;
    const auto& entries = session.catalog().entries;
    if (groups_catalog_ != &session.catalog() || groups_size_ != entries.size()) {
      groups_ = group_scenarios(entries);
      groups_catalog_ = &session.catalog();
      groups_size_ = entries.size();
    }
    for (const ScenarioGroup& g : groups_) {
      const std::vector<const CatalogEntry*>& in = g.entries;
      const std::string key = group_key(g.section);
      // With its count: a folded topic still says how much is in it.
      const std::string header =
          (g.section.empty() ? std::string(tr(key.c_str())) : g.section + "  " + tr(key.c_str())) +
          fmt::format("  ({})", in.size());
      const bool has_open = std::any_of(in.begin(), in.end(),
                                        [&](const CatalogEntry* e) { return e->id == open_id; });
      if (reveal && has_open) {
        ImGui::SetNextItemOpen(true, ImGuiCond_Always);
      } else {
        ImGui::SetNextItemOpen(open_id.empty() || has_open, ImGuiCond_Once);
      }
      if (!ImGui::TreeNodeEx((header + "###" + key).c_str(), ImGuiTreeNodeFlags_SpanAvailWidth)) {
        continue;
      }
      for (const CatalogEntry* e : in) {
        ImGui::PushID(e->id.c_str());
        if (ImGui::Selectable(short_title(*e, lang).c_str(), e->id == open_id)) {
          open(session, gui, e->id);
        }
        tooltip(*e, lang);
        ImGui::PopID();
      }
      ImGui::TreePop();
    }
  }

  // The ranked hits of the query, in one list, each with its topic under its title.
  void results(Session& session, GuiState& gui, bool typing, bool entered) {
    if (!index_ || index_catalog_ != &session.catalog()) {
      index_ = ScenarioSearch::from_catalog(session.catalog(), session.content_dir());
      index_catalog_ = &session.catalog();
    }
    if (query_ != search_) {
      query_ = search_;
      hits_ = index_->find(query_);
      cursor_ = 0;
    }
    if (hits_.empty()) {
      ImGui::TextDisabled("%s", tr("browser.no_match"));
      return;
    }
    const int last = static_cast<int>(hits_.size()) - 1;
    bool moved = false;
    if (typing && pressed(ImGuiKey_DownArrow)) cursor_ = std::min(cursor_ + 1, last), moved = true;
    if (typing && pressed(ImGuiKey_UpArrow)) cursor_ = std::max(cursor_ - 1, 0), moved = true;
    cursor_ = std::clamp(cursor_, 0, last);
    if (entered) open(session, gui, hits_[static_cast<std::size_t>(cursor_)].id);

    ImGui::TextDisabled("%s %zu", tr("browser.results"), hits_.size());
    const Lang lang = session.lang;
    const std::string open_id = session.is_open() ? session.scenario().spec.id : "";
    for (int i = 0; i <= last; ++i) {
      const CatalogEntry* e = entry(session.catalog(), hits_[static_cast<std::size_t>(i)].id);
      if (!e) continue;
      ImGui::PushID(e->id.c_str());
      // The picked hit is highlighted like the open scenario: Enter opens it.
      if (ImGui::Selectable(short_title(*e, lang).c_str(), i == cursor_ || e->id == open_id)) {
        cursor_ = i;
        open(session, gui, e->id);
      }
      tooltip(*e, lang);
      if (moved && i == cursor_) ImGui::SetScrollHereY();
      ImGui::Indent();
      ImGui::TextDisabled("%s", topic_line(*e).c_str());
      ImGui::Unindent();
      ImGui::PopID();
    }
    ImGui::TextDisabled("%s", tr("browser.keys"));
  }

  // The title cut to the list's width (the tooltip has it whole), kept until the width, the
  // language or the text size changes.
  const std::string& short_title(const CatalogEntry& e, Lang lang) {
    const float width = ImGui::GetContentRegionAvail().x;
    const float px = ImGui::GetFontSize();
    const std::string& full = e.title.in(lang);
    ShortTitle& t = short_titles_[e.id];
    if (t.width != width || t.px != px || t.full != full) {
      t = {width, px, full, ellipsized(full, width)};
    }
    return t.text;
  }

  static const CatalogEntry* entry(const Catalog& catalog, const std::string& id) {
    for (const auto& e : catalog.entries) {
      if (e.id == id) return &e;
    }
    return nullptr;
  }

  static void tooltip(const CatalogEntry& e, Lang lang) {
    if (!ImGui::IsItemHovered()) return;
    std::string topics;
    for (const auto& t : e.topics) topics += (topics.empty() ? "" : ", ") + t;
    ImGui::SetTooltip("%s\n%s\n%s", e.title.in(lang).c_str(), e.id.c_str(), topics.c_str());
  }

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
  struct ShortTitle {
    float width = -1, px = 0;
    std::string full, text;
  };
  std::unordered_map<std::string, ShortTitle> short_titles_;
  // The grouped list, made again only when the catalog changes.
  std::vector<ScenarioGroup> groups_;
  const Catalog* groups_catalog_ = nullptr;
  std::size_t groups_size_ = 0;
  // Built at the first query: reading every scenario file is not worth it before.
  std::optional<ScenarioSearch> index_;
  const Catalog* index_catalog_ = nullptr;
  std::string query_;
  std::string revealed_;  // the open scenario whose topic was last unfolded
  std::vector<SearchHit> hits_;
  int cursor_ = 0;
};

}  // namespace

std::unique_ptr<View> make_browser_view() {
  return std::make_unique<BrowserView>();
}

}  // namespace synack::gui
