#pragma once
// The window's conversation list for an imported capture, with no UI library: one row per
// TCP conversation (endpoints, packets, end states, disagreements), the one picked, and
// opening it in the session, where it is animated like a scenario (title, summary and the
// engine's reasons as narration; never re-run). Tests drive it directly.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/capture/capture_import.hpp"
#include "app/content/scenario.hpp"
#include "app/front/session.hpp"

namespace synack {

struct ConversationRow {
  std::uint32_t stream = 0;
  std::string a, b;       // endpoints, "10.0.0.1:5000"; a sent the first packet seen
  std::string endpoints;  // "10.0.0.1:5000 ↔ 10.0.0.2:80"
  std::uint32_t packets = 0;
  TcpState end_a = TcpState::CLOSED, end_b = TcpState::CLOSED;
  std::uint32_t disagreements = 0;  // packets the engine would not have sent
  bool handshake_seen = false;
};

class CaptureList {
 public:
  explicit CaptureList(CaptureImport imported);

  const CaptureImport& capture() const { return capture_; }
  std::string file_name() const;  // without its folders
  const std::vector<ConversationRow>& rows() const { return rows_; }
  std::uint32_t disagreements() const;  // all rows'

  // The file broke before its end: "FILE: packet N: what" and what is shown instead, in
  // `lang`; nullopt for a file read whole.
  std::optional<std::string> broken(Lang lang) const;

  std::optional<std::uint32_t> selected() const { return selected_; }
  // Picks a conversation and opens it in `session`; false (nothing changes) for a stream
  // the capture does not have.
  bool open(std::uint32_t stream, Session& session);

  // The id, title and summary a conversation is shown under.
  Scenario named(std::uint32_t stream) const;

 private:
  CaptureImport capture_;
  std::vector<ConversationRow> rows_;
  std::optional<std::uint32_t> selected_;
};

}  // namespace synack
