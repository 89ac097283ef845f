#pragma once
// The window's captures, with no UI library: the file being read (on a worker thread) and
// the conversation list of the last one read. poll() once a frame turns a finished read into
// the list and opens a conversation in the session; the list on screen stays until then, so
// a cancelled or failed read leaves what was shown. Tests drive it directly.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "app/front/capture_list.hpp"
#include "app/front/capture_load.hpp"
#include "app/front/session.hpp"

namespace synack {

class CaptureDesk {
 public:
  // Starts reading `path` (a read under way is cancelled). `stream`: the conversation to
  // open when it is done (default: the first).
  void open(const std::string& path, std::optional<std::uint32_t> stream = {});
  const CaptureLoad* loading() const { return load_.get(); }
  void cancel();  // the read under way, if any; poll() then says cancelled

  enum class Polled {
    idle,       // nothing being read
    reading,    // still reading: draw again soon
    opened,     // the list is the new file's, a conversation open in the session
    failed,     // nothing could be shown: error() says why
    cancelled,  // the read was cancelled; what was shown stays
  };
  Polled poll(Session& session);
  // Headless: waits for the read to end, then polls.
  Polled finish(Session& session);

  const CaptureList* list() const { return list_.get(); }
  // Picks another conversation of the list; false for one it does not have.
  bool pick(std::uint32_t stream, Session& session);
  void close() { list_.reset(); }  // back to the scenarios; the session keeps its trace

  // Why the last read showed nothing: the reader's error naming the file (and packet), or
  // that it held no TCP conversation. English; the window adds a translated title.
  const std::string& error() const { return error_; }

 private:
  std::unique_ptr<CaptureLoad> load_;
  std::optional<std::uint32_t> stream_;
  std::unique_ptr<CaptureList> list_;
  std::string error_;
};

}  // namespace synack
