#include "app/front/capture_desk.hpp"

#include <fmt/format.h>

#include <utility>

namespace synack {

void CaptureDesk::open(const std::string& path, std::optional<std::uint32_t> stream) {
  load_.reset();  // cancels and joins the read under way
  error_.clear();
  stream_ = stream;
  load_ = std::make_unique<CaptureLoad>(path);
}

void CaptureDesk::cancel() {
  if (load_) load_->cancel();
}

CaptureDesk::Polled CaptureDesk::poll(Session& session) {
  if (!load_) return Polled::idle;
  switch (load_->status()) {
    case CaptureLoad::Status::reading:
      return Polled::reading;
    case CaptureLoad::Status::cancelled:
      load_.reset();
      return Polled::cancelled;
    case CaptureLoad::Status::done:
      break;
  }
  std::optional<CaptureImport> imported = load_->take();
  load_.reset();
  if (!imported) return Polled::cancelled;
  if (imported->conversations.empty()) {
    // A file broken at its header, or one with no TCP in it: nothing to show.
    error_ = imported->error ? imported->error->what()
                             : fmt::format("{}: no TCP conversation in {} frames", imported->file,
                                           imported->stats.frames);
    return Polled::failed;
  }
  auto list = std::make_unique<CaptureList>(std::move(*imported));
  const std::uint32_t stream =
      stream_ && *stream_ < list->rows().size() ? *stream_ : std::uint32_t{0};
  try {
    list->open(stream, session);
  } catch (const std::exception& e) {
    error_ = e.what();
    return Polled::failed;
  }
  list_ = std::move(list);
  return Polled::opened;
}

CaptureDesk::Polled CaptureDesk::finish(Session& session) {
  if (load_) load_->wait();
  return poll(session);
}

bool CaptureDesk::pick(std::uint32_t stream, Session& session) {
  return list_ && list_->open(stream, session);
}

}  // namespace synack
