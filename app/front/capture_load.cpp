#include "app/front/capture_load.hpp"

#include <algorithm>
#include <filesystem>
#include <utility>

namespace synack {
namespace {
// Thrown from the progress callback to leave import_capture early (the reader is RAII).
struct Cancelled {};
}  // namespace

CaptureLoad::CaptureLoad(std::string path, std::function<void(const ImportProgress&)> on_progress)
    : path_(std::move(path)),
      worker_([this, cb = std::move(on_progress)](std::stop_token stop) { run(stop, cb); }) {}

CaptureLoad::~CaptureLoad() {
  cancel();  // jthread joins next
}

void CaptureLoad::run(std::stop_token stop,
                      std::function<void(const ImportProgress&)> on_progress) {
  {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path_, ec);
    std::lock_guard lock(mutex_);
    progress_.bytes_total = ec ? 0 : size;
  }
  ImportOptions options;
  // The list needs every conversation's summary, but a trace of only one: the GUI asks for
  // the one picked (capture_stream_trace).
  options.stream = 0;
  options.progress_every = 0;  // each report (every 4096 frames): a cheap lock
  options.progress = [&](const ImportProgress& p) {
    {
      std::lock_guard lock(mutex_);
      progress_ = p;
    }
    if (on_progress) on_progress(p);
    if (stop.stop_requested()) throw Cancelled{};
  };
  std::optional<CaptureImport> imported;
  try {
    imported = import_capture(path_, options);
  } catch (const Cancelled&) {
  }
  std::lock_guard lock(mutex_);
  if (imported && !stop.stop_requested()) {
    progress_.packets = imported->stats.frames;
    progress_.bytes_read = progress_.bytes_total;
    result_ = std::move(imported);
    status_ = Status::done;
  } else {
    status_ = Status::cancelled;
  }
  changed_.notify_all();
}

CaptureLoad::Status CaptureLoad::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

ImportProgress CaptureLoad::progress() const {
  std::lock_guard lock(mutex_);
  return progress_;
}

std::optional<double> CaptureLoad::fraction() const {
  const ImportProgress p = progress();
  if (p.bytes_total == 0) return std::nullopt;
  return std::min(1.0, static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total));
}

void CaptureLoad::cancel() {
  worker_.request_stop();
}

bool CaptureLoad::wait(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return status_ != Status::reading; });
}

std::optional<CaptureImport> CaptureLoad::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(result_, std::nullopt);
}

}  // namespace synack
