// [[narration]] sections: the text and the trace event it is shown at.
#include <cctype>

#include "app/content/load_context.hpp"
#include "engine/trace.hpp"

namespace synack {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Reads `key` as one of the engine's names for E (case-insensitive: "EOF", "eof").
template <typename E>
std::optional<E> opt_enum(const TomlTable& t, std::string_view key, E last,
                          std::string_view (*name)(E)) {
  std::optional<std::string> text = t.opt_string(key);
  if (!text) return std::nullopt;
  std::string valid;
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    E e = static_cast<E>(i);
    if (same_name(*text, name(e))) return e;
    valid += (valid.empty() ? "" : ", ") + std::string(name(e));
  }
  t.fail(key, "unknown " + std::string(key) + " \"" + *text + "\"; valid: " + valid);
}

// Which fields an event of each type carries.
enum class Kind { segment, state, app, timer, queue, window };

Kind kind_of(EventType type) {
  switch (type) {
    case EventType::send:
    case EventType::recv:
    case EventType::drop:
      return Kind::segment;
    case EventType::state:
      return Kind::state;
    case EventType::app:
      return Kind::app;
    case EventType::timer:
      return Kind::timer;
    case EventType::queue:
      return Kind::queue;
    case EventType::window:
      break;
  }
  return Kind::window;
}

// Each anchor field only exists on one kind of event; a field of another kind, or a `type`
// that disagrees, could never match anything.
void check_kinds(const TomlTable& t, const NarrationAnchor& a) {
  struct Use {
    std::string_view key;
    bool set;
    Kind kind;
  };
  const Use uses[] = {
      {"flags", a.flags.has_value(), Kind::segment}, {"to", a.to.has_value(), Kind::state},
      {"call", a.call.has_value(), Kind::app},       {"result", a.result.has_value(), Kind::app},
      {"timer", a.timer.has_value(), Kind::timer},   {"action", a.action.has_value(), Kind::timer},
  };
  const Use* first = nullptr;
  for (const Use& use : uses) {
    if (!use.set) continue;
    if (a.type && kind_of(*a.type) != use.kind) {
      t.fail(use.key, "does not apply to type \"" + std::string(event_type_name(*a.type)) + "\"");
    }
    if (first != nullptr && first->kind != use.kind) {
      t.fail(use.key, "cannot be combined with \"" + std::string(first->key) + "\"");
    }
    if (first == nullptr) first = &use;
  }
}

}  // namespace

NarrationAnchor load_anchor(const TomlTable& t, const LoadContext& ctx) {
  t.allow_only({"type", "host", "flags", "to", "call", "result", "timer", "action", "why", "nth"});
  NarrationAnchor a;
  a.type = opt_enum(t, "type", EventType::window, &event_type_name);
  if (t.has("host")) a.host = ctx.req_host(t, "host");
  if (t.has("flags")) a.flags = req_flags(t, "flags", false);
  a.to = opt_enum(t, "to", TcpState::TIME_WAIT, &state_name);
  a.call = opt_enum(t, "call", AppCall::setsockopt, &app_call_name);
  a.result = opt_enum(t, "result", AppResult::eaddrnotavail, &app_result_name);
  a.timer = opt_enum(t, "timer", TimerKind::reorder, &timer_name);
  a.why = opt_enum(t, "why", static_cast<Why>(static_cast<int>(Why::kCount) - 1), &why_name);
  a.action = opt_enum(t, "action", TimerAction::cancelled, &timer_action_name);
  a.nth = static_cast<int>(t.opt_int("nth", 1, 1 << 30).value_or(1));
  check_kinds(t, a);
  return a;
}

std::vector<Narration> load_narration(const TomlTable& root, const LoadContext& ctx) {
  std::vector<Narration> out;
  const toml::array* array = root.opt_table_array("narration");
  if (array == nullptr) return out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    TomlTable t = table_at(root, "narration", *array, i);
    t.allow_only({"at", "en", "zh"});
    Narration n;
    n.line = t.line();
    n.at = load_anchor(TomlTable(t.req_table("at"), t.field("at"), t.file()), ctx);
    n.text.en = t.req_string("en");
    n.text.zh = t.req_string("zh");
    if (n.text.en.empty()) t.fail("en", "must not be empty");
    if (n.text.zh.empty()) t.fail("zh", "must not be empty");
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace synack
