#include "app/front/capture_list.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <string_view>
#include <utility>

namespace synack {

CaptureList::CaptureList(CaptureImport imported) : capture_(std::move(imported)) {
  for (const ConversationInfo& c : capture_.conversations) {
    ConversationRow r;
    r.stream = c.stream;
    r.a = c.a;
    r.b = c.b;
    r.endpoints = c.a + " \u2194 " + c.b;
    r.packets = c.packets;
    r.end_a = c.end_a;
    r.end_b = c.end_b;
    r.disagreements = c.disagreements;
    r.handshake_seen = c.handshake_seen;
    rows_.push_back(std::move(r));
  }
}

std::string CaptureList::file_name() const {
  return std::filesystem::path(capture_.file).filename().string();
}

std::uint32_t CaptureList::disagreements() const {
  std::uint32_t n = 0;
  for (const ConversationRow& r : rows_) n += r.disagreements;
  return n;
}

std::optional<std::string> CaptureList::broken(Lang lang) const {
  if (!capture_.error) return std::nullopt;
  const CaptureError& e = *capture_.error;
  const std::uint64_t read = capture_.stats.frames;
  if (lang == Lang::en) {
    return fmt::format("{}. Shown: the {} packets read before it.", e.what(), read);
  }
  // The reader's own words are English: kept after the Chinese sentence.
  std::string_view detail = e.what();
  const std::string prefix = e.packet() == 0 ? fmt::format("{}: ", e.file())
                                             : fmt::format("{}: packet {}: ", e.file(), e.packet());
  if (detail.starts_with(prefix)) detail.remove_prefix(prefix.size());
  const std::string where = e.packet() == 0 ? std::string("文件头无法读取")
                                            : fmt::format("第 {} 个报文处出错", e.packet());
  return fmt::format("{}：{}（{}）。下面显示的是在此之前读到的 {} 个报文。", e.file(), where,
                     detail, read);
}

bool CaptureList::open(std::uint32_t stream, Session& session) {
  if (stream >= rows_.size()) return false;
  session.open_trace(named(stream), capture_stream_trace(capture_, stream));
  selected_ = stream;
  return true;
}

Scenario CaptureList::named(std::uint32_t stream) const {
  const ConversationRow& r = rows_.at(stream);
  const std::string file = file_name();
  Scenario s;
  s.spec.id = fmt::format("{}-stream-{}", std::filesystem::path(file).stem().string(), stream);
  s.spec.profile = "capture";
  s.path = capture_.file;
  s.title.en = fmt::format("{} \u00b7 stream {}: {}", file, stream, r.endpoints);
  s.title.zh = fmt::format("{} \u00b7 流 {}：{}", file, stream, r.endpoints);
  s.summary.en = fmt::format(
      "A real capture: {} packets between {}. Each side's TCP state is inferred from one "
      "capture point, and every step says why its packet was sent. {}",
      r.packets, r.endpoints,
      r.disagreements == 0
          ? std::string("Every packet is one synack's engine could have sent.")
          : fmt::format("{} packets synack's engine would not have sent are red, marked "
                        "\u2260 engine.",
                        r.disagreements));
  s.summary.zh = fmt::format(
      "真实抓包：{} 之间的 {} 个报文。两端的 TCP 状态是从单一抓包点推断的，每一步都说明报文的"
      "发送原因。{}",
      r.endpoints, r.packets,
      r.disagreements == 0
          ? std::string("所有报文都是 synack 引擎也会发出的。")
          : fmt::format("{} 个 synack 引擎不会发出的报文以红色标出（\u2260 引擎）。",
                        r.disagreements));
  return s;
}

}  // namespace synack
