// The kernel knobs that shape the scenario, with the values in force; editing one re-runs
// the simulation at once (the trace is cheap to recompute) and shows errors inline.

#include <imgui.h>

#include <cstdio>
#include <map>
#include <string>

#include <fmt/format.h>

#include "app/gui/i18n.hpp"
#include "app/gui/text.hpp"
#include "app/gui/views.hpp"
#include "engine/sysctl.hpp"

namespace synack::gui {
namespace {

// The knobs a TCP course talks about; the rest are behind "show all".
constexpr Knob kTaught[] = {
    Knob::tcp_syn_retries,    Knob::tcp_synack_retries,    Knob::tcp_retries2,
    Knob::tcp_orphan_retries, Knob::tcp_syncookies,        Knob::tcp_max_syn_backlog,
    Knob::somaxconn,          Knob::tcp_abort_on_overflow, Knob::tcp_tw_reuse,
    Knob::tcp_max_tw_buckets, Knob::ip_local_port_range,   Knob::tcp_fin_timeout,
    Knob::tcp_keepalive_time, Knob::tcp_keepalive_intvl,   Knob::tcp_keepalive_probes,
};

class SysctlView : public View {
 public:
  const char* title_key() const override { return "sysctl.title"; }

  void draw(Session& session, GuiState&) override {
    if (!session.is_open()) return;
    if (session.is_recorded()) {  // a capture: the machines' settings are not in it
      text_wrapped(tr("capture.no_sysctls"));
      return;
    }
    const Trace& trace = session.run().trace;

    // Profile: the scenario's own, or one of the engine's.
    const std::string current = session.options().profile.value_or("");
    const std::string shown =
        current.empty() ? fmt::format("{} ({})", tr("sysctl.scenario_profile"), trace.profile)
                        : current;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    if (ImGui::BeginCombo(tr("sysctl.profile"), shown.c_str())) {
      if (ImGui::Selectable(tr("sysctl.scenario_profile"), current.empty()))
        profile_error_ = session.set_profile("");
      for (auto p : kProfiles) {
        const std::string name(p);
        if (ImGui::Selectable(name.c_str(), current == name))
          profile_error_ = session.set_profile(name);
      }
      ImGui::EndCombo();
    }
    if (!profile_error_.empty()) error_line(profile_error_);
    ImGui::SameLine();
    if (ImGui::Button(tr("sysctl.reset"))) {
      session.reset_sysctls();
      errors_.clear();
    }
    ImGui::Checkbox(tr("sysctl.show_all"), &show_all_);
    ImGui::Separator();

    std::map<std::string, KnobValue, std::less<>> values(trace.sysctls.begin(),
                                                         trace.sysctls.end());
    // Changed here (a --set or an edit): marked with "*" in words, not by colour alone.
    std::map<std::string, bool, std::less<>> changed;
    for (const SysctlSetting& s : session.options().sysctls)
      changed[std::string(knob_info(s.knob).name)] = true;
    bool any_changed = false;
    if (ImGui::BeginTable("##knobs", 2, ImGuiTableFlags_RowBg)) {
      // Names as wide as they are; the value box takes the rest (a stretch column of its own
      // would give an input box with no natural width almost nothing).
      ImGui::TableSetupColumn("##name", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("##value", ImGuiTableColumnFlags_WidthStretch);
      auto knob_row = [&](const KnobInfo& k) {
        auto it = values.find(k.name);
        if (it == values.end()) return;
        const std::string name(k.name);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const bool is_changed = changed.count(name) > 0;
        any_changed |= is_changed;
        ImGui::TextUnformatted(is_changed ? (name + " *").c_str() : name.c_str());
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("%s%s\n%.*s", std::string(k.prefix).c_str(), name.c_str(),
                            static_cast<int>(k.help.size()), k.help.data());
        ImGui::TableNextColumn();
        if (k.parts > 1) {
          list_row(session, k, it->second);
          return;
        }
        std::int64_t& v = edits_[name];
        if (!ImGui::IsItemActive() && !editing_[name]) v = it->second[0];
        ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 2);
        ImGui::InputScalar(("##" + name).c_str(), ImGuiDataType_S64, &v);
        editing_[name] = ImGui::IsItemActive();
        if (ImGui::IsItemDeactivatedAfterEdit()) {
          errors_[name] = session.set_sysctl(k.id, v);
          editing_[name] = false;
        }
        if (!k.unit.empty()) {
          ImGui::SameLine();
          ImGui::TextDisabled("%.*s", static_cast<int>(k.unit.size()), k.unit.data());
        }
        if (auto e = errors_.find(name); e != errors_.end() && !e->second.empty())
          error_line(e->second);
      };
      if (show_all_) {
        for (const auto& k : all_knobs()) knob_row(k);
      } else {
        for (Knob k : kTaught) knob_row(knob_info(k));
      }
      ImGui::EndTable();
    }
    if (any_changed) ImGui::TextDisabled("* %s", tr("sysctl.changed"));
    // Per-host values the scenario sets on top of the profile.
    for (const auto& h : trace.hosts) {
      for (const auto& [k, v] : h.sysctl_overrides) {
        const auto knob = find_knob(k);
        const std::string text =
            knob ? format_knob_value(knob_info(*knob), v) : std::to_string(v[0]);
        ImGui::TextDisabled("%s: %s = %s", h.name.c_str(), k.c_str(), text.c_str());
      }
    }
  }

 private:
  // Two or three numbers in one text box ("32768 60999"), checked by the engine's own parser.
  void list_row(Session& session, const KnobInfo& k, const KnobValue& value) {
    const std::string name(k.name);
    std::string& text = list_edits_[name];
    if (!editing_[name]) text = format_knob_value(k, value);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s", text.c_str());
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 2);
    if (ImGui::InputText(("##" + name).c_str(), buf, sizeof buf)) text = buf;
    editing_[name] = ImGui::IsItemActive();
    if (ImGui::IsItemDeactivatedAfterEdit()) {
      errors_[name] = session.set_sysctl(name, text);
      editing_[name] = false;
    }
    if (auto e = errors_.find(name); e != errors_.end() && !e->second.empty())
      error_line(e->second);
  }

  static void error_line(const std::string& e) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(1, 0.45f, 0.35f, 1), "! %s", e.c_str());
    ImGui::PopTextWrapPos();
  }

  bool show_all_ = false;
  std::string profile_error_;
  std::map<std::string, std::string> errors_;
  std::map<std::string, std::int64_t> edits_;
  std::map<std::string, std::string> list_edits_;
  std::map<std::string, bool> editing_;
};

}  // namespace

std::unique_ptr<View> make_sysctl_view() {
  return std::make_unique<SysctlView>();
}

}  // namespace synack::gui
