#include "app/quiz/generated.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "app/content/scenario_catalog.hpp"
#include "app/content/topics.hpp"
#include "app/quiz/generated_kinds.hpp"
#include "app/quiz/quiz_hash.hpp"

namespace synack {
namespace {

using gen::Asked;
using gen::Rng;

// How instantiate() varies a kind's runs.
enum class Vary {
  segment_loss,  // engine seed; half the time the Nth segment of one host is lost
  give_up,       // engine seed; the sysctl that bounds the retries
  congestion,    // engine seed, tcp_congestion_control; half the time one more segment lost
  recovery,      // as congestion, and tcp_recovery (RACK or three duplicate ACKs)
  flow,          // engine seed; half the time one more segment of the sender lost
};

// Bump a kind's version when its questions change, so the bank sees a new hash.
struct Kind {
  std::string_view name;
  int version;
  QuizType type;
  LocalizedText prefix;  // of the card's question
  Vary vary;
  // The topics the kind asks about, most fitting first: a card goes to a scenario tagged with
  // one of them and takes the first it has. Empty: every scenario of a dynamic topic, with the
  // scenario's first dynamic topic.
  std::vector<std::string_view> topics;
};

const Kind kKinds[] = {
    {"next-segment",
     1,
     QuizType::single,
     {"Predict the next segment: ", "预测下一个报文段："},
     Vary::segment_loss,
     {}},
    {"next-ack",
     1,
     QuizType::numeric,
     {"Predict the ack number: ", "预测确认号："},
     Vary::segment_loss,
     {}},
    {"next-state",
     1,
     QuizType::single,
     {"Predict the next state: ", "预测下一个状态："},
     Vary::segment_loss,
     {}},
    {"give-up-time",
     1,
     QuizType::numeric,
     {"When does it give up: ", "何时放弃："},
     Vary::give_up,
     {}},
    {"cwnd-after-ack",
     1,
     QuizType::single,
     {"cwnd after an ACK: ", "一个 ACK 之后的 cwnd："},
     Vary::congestion,
     {"CC-02", "CC-03", "CC-05", "CC-04"}},
    {"cwnd-after-loss",
     1,
     QuizType::single,
     {"cwnd and ssthresh after a loss: ", "丢包之后的 cwnd 与 ssthresh："},
     Vary::recovery,
     {"CC-04", "CC-05", "CC-06"}},
    {"advertised-window",
     1,
     QuizType::single,
     {"The window the receiver offers: ", "接收方通告的窗口："},
     Vary::flow,
     {"FC-01", "FC-02", "FC-03"}},
    {"usable-window",
     1,
     QuizType::single,
     {"How much may the sender send: ", "发送方还能发多少："},
     Vary::flow,
     {"FC-01", "FC-02", "FC-03", "FC-06"}},
};

// FNV-1a: mixes the card into the seed the same way on every platform (std::hash may not).
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return h;
}

const Kind& kind_of(const QuizItem& card) {
  for (const Kind& k : kKinds) {
    if (card.id.rfind(fmt::format("gen-{}-", k.name), 0) == 0) return k;
  }
  throw std::invalid_argument("not a generated card: " + card.id);
}

// A random run of the scenario: a new engine seed (new ISNs and ports) and, half the time,
// one lost segment of a host that runs a program.
RunOptions random_run(const ScenarioSpec& spec, Rng& rng, LocalizedText& note) {
  RunOptions o;
  o.seed = rng.next() % 1000000 + 1;
  std::vector<std::string> hosts;
  for (const ProgramSpec& p : spec.programs) {
    if (std::find(hosts.begin(), hosts.end(), p.host) == hosts.end()) hosts.push_back(p.host);
  }
  if (hosts.empty() || rng.between(0, 1) == 0) return o;
  RuleSpec drop;
  drop.match.from = hosts[rng.next() % hosts.size()];
  drop.match.nth = rng.between(1, 4);
  o.extra_rules.push_back(drop);
  note = {fmt::format("In this run the network also loses the {} segment the {} sends.\n",
                      gen::ordinal(drop.match.nth), drop.match.from),
          fmt::format("本次运行中，网络还会丢掉 {} 发出的第 {} 个报文段。\n", drop.match.from,
                      drop.match.nth)};
  return o;
}

// The host that sends the most data: the one whose windows the flow and congestion kinds
// ask about, and whose segments they lose.
std::string bulk_sender(const Trace& trace) {
  std::map<std::uint16_t, std::uint64_t> bytes;
  for (const SegmentRecord& r : trace.segments) {
    if (r.from_host != kNoHost) bytes[r.from_host] += r.seg.len;
  }
  const auto most = std::max_element(
      bytes.begin(), bytes.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  return most == bytes.end() || most->second == 0 ? "" : trace.host_name(most->first);
}

// A random run for the flow and congestion kinds: a new engine seed, the congestion control
// (and the loss detection) drawn for the congestion kinds, and half the time one more segment
// of the sender lost, counted among those whose only flag is ACK (data or not).
RunOptions window_run(const Kind& kind, const std::string& sender, Rng& rng, LocalizedText& note) {
  RunOptions o;
  o.seed = rng.next() % 1000000 + 1;
  if (kind.vary == Vary::congestion || kind.vary == Vary::recovery) {
    const int algorithm = rng.between(0, 1);
    o.sysctls.push_back(checked_sysctl(Knob::tcp_congestion_control, algorithm));
    // cwnd-after-loss states its settings in the question itself.
    if (kind.vary == Vary::congestion) {
      const std::string name = algorithm == 1 ? "cubic" : "reno";
      note.en += fmt::format("This run uses tcp_congestion_control = {}.\n", name);
      note.zh += fmt::format("本次运行 tcp_congestion_control = {}。\n", name);
    }
  }
  if (kind.vary == Vary::recovery)
    o.sysctls.push_back(checked_sysctl(Knob::tcp_recovery, rng.between(0, 1)));
  if (sender.empty() || rng.between(0, 1) == 0) return o;
  RuleSpec drop;
  drop.match.from = sender;
  drop.match.flags = kAck;
  drop.match.nth = kind.vary == Vary::flow ? rng.between(2, 9) : rng.between(2, 41);
  o.extra_rules.push_back(drop);
  note.en += fmt::format(
      "In this run the network also loses the {} segment the {} sends with the ACK flag "
      "alone (data or not).\n",
      gen::ordinal(drop.match.nth), sender);
  note.zh += fmt::format(
      "本次运行中，网络还会丢掉 {} 发出的第 {} 个只带 ACK 标志的报文段（无论是否"
      "带数据）。\n",
      sender, drop.match.nth);
  return o;
}

std::optional<Asked> ask(const Kind& kind, std::string_view topic, const ScenarioSpec& spec,
                         const Trace& trace, Rng& rng) {
  if (kind.name == "next-segment") return gen::ask_next_segment(trace, rng);
  if (kind.name == "next-ack") return gen::ask_next_ack(trace, rng);
  if (kind.name == "cwnd-after-ack") return gen::ask_cwnd_after_ack(trace, topic, rng);
  if (kind.name == "cwnd-after-loss") return gen::ask_cwnd_after_loss(trace, topic, rng);
  if (kind.name == "advertised-window") return gen::ask_advertised_window(trace, spec, rng);
  if (kind.name == "usable-window") return gen::ask_usable_window(trace, rng);
  return gen::ask_next_state(trace, rng);
}

// A give-up card fits when the default run gives up and the sysctl changes when.
bool give_up_fits(const ScenarioSpec& spec, const Trace& trace) {
  const auto rule = gen::find_give_up_rule(trace);
  if (!rule) return false;
  std::optional<double> seen;
  for (int v : {rule->first.lo, rule->first.hi}) {
    RunOptions o;
    o.sysctls.push_back(checked_sysctl(rule->first.knob, v));
    const auto a = gen::ask_give_up(run_scenario(spec, o), rule->first, rule->second, v);
    if (!a) return false;
    if (seen && *seen == a->right_number) return false;
    seen = a->right_number;
  }
  return true;
}

bool fits(const Kind& kind, std::string_view topic, const ScenarioSpec& spec, const Trace& trace) {
  if (kind.vary == Vary::give_up) return give_up_fits(spec, trace);
  if (kind.vary == Vary::congestion || kind.vary == Vary::recovery) {
    // The draw sets these for the whole run; a scenario that sets them per host (reno-vs-cubic,
    // rack-vs-dupack: the contrast is its point) would not run what the question says.
    for (const HostSpec& h : spec.hosts) {
      for (const SysctlSetting& set : h.sysctls) {
        if (set.knob == Knob::tcp_congestion_control || set.knob == Knob::tcp_recovery)
          return false;
      }
    }
  }
  Rng rng(1);
  return ask(kind, topic, spec, trace, rng).has_value();
}

QuizItem make_card(const Kind& kind, const CatalogEntry& entry, const std::string& topic) {
  QuizItem card;
  card.origin = "generated";
  card.id = fmt::format("gen-{}-{}", kind.name, entry.id);
  card.topic = topic;
  card.type = kind.type;
  card.question = {std::string(kind.prefix.en) + entry.title.en,
                   std::string(kind.prefix.zh) + entry.title.zh};
  card.explanation = {
      "A new question every time: the engine runs this scenario with random parameters and "
      "the answer is read from its trace.",
      "每次都是新题：引擎用随机参数运行这个场景，答案从它的运行轨迹中读出。"};
  card.scenario = entry.id;
  card.body = fmt::format("generator = \"{}\"\nversion = {}\nscenario = \"{}\"\n", kind.name,
                          kind.version, entry.id);
  card.hash = hash_hex(card.body);
  if (kind.type == QuizType::numeric) card.unit = kind.vary == Vary::give_up ? "s" : "";
  return card;
}

// The question around the asked part: the scenario, then what this run changes.
LocalizedText setting(const Scenario& sc, const LocalizedText& note) {
  return {fmt::format("Scenario: {}.\n", sc.title.en) + note.en,
          fmt::format("场景：{}。\n", sc.title.zh) + note.zh};
}

}  // namespace

std::vector<QuizItem> generated_cards(const std::filesystem::path& content_dir) {
  const TopicList topics = load_content_topics(content_dir);
  const Catalog catalog = load_catalog(content_dir);
  std::vector<std::vector<QuizItem>> by_kind(std::size(kKinds));
  for (const CatalogEntry& entry : catalog.entries) {
    auto dynamic = std::find_if(entry.topics.begin(), entry.topics.end(), [&](const auto& id) {
      const Topic* t = topics.find(id);
      return t != nullptr && t->dynamic;
    });
    if (dynamic == entry.topics.end()) continue;
    const Scenario sc = load_scenario_arg(content_dir, entry.id);
    const Trace trace = run_scenario(sc.spec);
    for (std::size_t k = 0; k < std::size(kKinds); ++k) {
      const Kind& kind = kKinds[k];
      std::string topic = *dynamic;
      if (!kind.topics.empty()) {
        auto it = std::find_if(kind.topics.begin(), kind.topics.end(), [&](std::string_view t) {
          return std::find(entry.topics.begin(), entry.topics.end(), t) != entry.topics.end();
        });
        if (it == kind.topics.end()) continue;
        topic = std::string(*it);
      }
      if (fits(kind, topic, sc.spec, trace)) by_kind[k].push_back(make_card(kind, entry, topic));
    }
  }
  std::vector<QuizItem> cards;
  for (auto& list : by_kind) {
    for (QuizItem& c : list) cards.push_back(std::move(c));
  }
  return cards;
}

QuizItem instantiate(const QuizItem& card, std::uint64_t seed,
                     const std::filesystem::path& content_dir) {
  const Kind& kind = kind_of(card);
  const Scenario sc = load_scenario_arg(content_dir, card.scenario);
  Rng rng(seed ^ fnv1a(card.id));
  QuizItem item = card;
  item.choices.clear();
  item.right_choices.clear();

  std::optional<Asked> asked;
  RunOptions options;
  LocalizedText note;
  if (kind.vary == Vary::give_up) {
    const auto rule = gen::find_give_up_rule(run_scenario(sc.spec));
    if (!rule) throw std::runtime_error(card.id + ": the scenario no longer gives up");
    const int value = rng.between(rule->first.lo, rule->first.hi);
    options.seed = rng.next() % 1000000 + 1;
    options.sysctls.push_back(checked_sysctl(rule->first.knob, value));
    asked = gen::ask_give_up(run_scenario(sc.spec, options), rule->first, rule->second, value);
    item.tolerance = 0.05;  // the answer is exact; this forgives rounding to 0.1 s
  } else {
    const std::string sender =
        kind.vary == Vary::segment_loss ? "" : bulk_sender(run_scenario(sc.spec));
    // A lost segment can leave nothing to ask about; try other draws, then the plain run.
    for (int attempt = 0; attempt < 8 && !asked; ++attempt) {
      note = {};
      options = kind.vary == Vary::segment_loss ? random_run(sc.spec, rng, note)
                                                : window_run(kind, sender, rng, note);
      asked = ask(kind, card.topic, sc.spec, run_scenario(sc.spec, options), rng);
    }
    if (!asked) {
      note = {};
      options = {};
      asked = ask(kind, card.topic, sc.spec, run_scenario(sc.spec, options), rng);
    }
  }
  if (!asked) throw std::runtime_error(card.id + ": nothing to ask in this scenario");

  const LocalizedText head = setting(sc, note);
  item.question = {head.en + asked->question.en, head.zh + asked->question.zh};
  item.choices = std::move(asked->choices);
  item.right_choices = std::move(asked->right_choices);
  item.right_number = asked->right_number;
  item.explanation = asked->explanation;
  item.run_options = options;
  item.step = asked->step;
  return item;
}

}  // namespace synack
