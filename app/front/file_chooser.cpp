#include "app/front/file_chooser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace synack {
namespace fs = std::filesystem;
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool listed(const fs::path& p, FileKinds kinds) {
  switch (file_kind(p)) {
    case FileKind::scenario:
      return kinds != FileKinds::captures;
    case FileKind::capture:
      return kinds != FileKinds::scenarios;
    case FileKind::other:
      break;
  }
  return false;
}

// Sub-directories and the files of `kinds` in `dir`, in the order the chooser shows them.
std::vector<FileEntry> list_dir(const fs::path& dir, FileKinds kinds, std::error_code& ec) {
  std::vector<FileEntry> out;
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name.front() == '.') continue;
    std::error_code type_ec;
    const bool is_dir = it->is_directory(type_ec);  // follows symlinks
    if (is_dir || (listed(it->path(), kinds) && it->is_regular_file(type_ec))) {
      out.push_back({name, is_dir});
    }
  }
  std::sort(out.begin(), out.end(), [](const FileEntry& a, const FileEntry& b) {
    if (a.is_dir != b.is_dir) return a.is_dir;
    const std::string la = lower(a.name), lb = lower(b.name);
    return la != lb ? la < lb : a.name < b.name;
  });
  return out;
}

}  // namespace

FileKind file_kind(const fs::path& path) {
  const std::string ext = lower(path.extension().string());
  if (ext == ".toml") return FileKind::scenario;
  if (ext == ".pcap" || ext == ".pcapng" || ext == ".cap") return FileKind::capture;
  return FileKind::other;
}

FileChooser::FileChooser(fs::path dir, FileKinds kinds) : kinds_(kinds) {
  change_dir(dir);
}

void FileChooser::list() {
  std::error_code ec;
  entries_ = list_dir(dir_, kinds_, ec);
  error_ = ec ? fmt::format("{}: {}", dir_.string(), ec.message()) : "";
  selected_ = 0;
}

std::optional<std::size_t> FileChooser::selected() const {
  if (entries_.empty()) return std::nullopt;
  return std::min(selected_, entries_.size() - 1);
}

void FileChooser::move_selection(int delta) {
  if (entries_.empty()) return;
  const auto last = static_cast<long>(entries_.size()) - 1;
  selected_ = static_cast<std::size_t>(std::clamp(static_cast<long>(selected_) + delta, 0L, last));
}

void FileChooser::select(std::size_t index) {
  if (index < entries_.size()) selected_ = index;
}

void FileChooser::change_dir(const fs::path& dir) {
  std::error_code ec;
  fs::path abs = fs::absolute(dir.is_absolute() ? dir : dir_ / dir, ec);
  dir_ = (ec ? dir : abs).lexically_normal();
  // "a/b/" normalises to "a/b/": drop the empty last part so parent_path() is "a".
  if (dir_.has_relative_path() && !dir_.has_filename()) dir_ = dir_.parent_path();
  list();
}

void FileChooser::up() {
  if (dir_.has_relative_path()) change_dir(dir_.parent_path());
}

fs::path FileChooser::resolve(const std::string& typed) const {
  if (typed == "~" || typed.rfind("~/", 0) == 0) {
    const char* home = std::getenv("HOME");
    if (home && *home) return fs::path(home) / typed.substr(std::min<std::size_t>(2, typed.size()));
  }
  const fs::path p(typed);
  return p.is_absolute() ? p : dir_ / p;
}

std::string FileChooser::complete(const std::string& typed) const {
  const std::size_t slash = typed.rfind('/');
  const std::string head = slash == std::string::npos ? "" : typed.substr(0, slash + 1);
  const std::string prefix = typed.substr(head.size());
  const fs::path in = head.empty() ? dir_ : resolve(head);
  std::error_code ec;
  std::vector<const FileEntry*> match;
  const auto entries = list_dir(in, kinds_, ec);
  for (const auto& e : entries) {
    if (e.name.rfind(prefix, 0) == 0) match.push_back(&e);
  }
  if (match.empty()) return typed;
  if (match.size() == 1) return head + match[0]->name + (match[0]->is_dir ? "/" : "");
  // Several: as far as they all agree.
  std::string common = match[0]->name;
  for (const FileEntry* e : match) {
    std::size_t n = 0;
    while (n < common.size() && n < e->name.size() && common[n] == e->name[n]) ++n;
    common.resize(n);
  }
  return head + common;
}

std::optional<fs::path> FileChooser::activate(const std::string& typed) {
  fs::path target;
  if (!typed.empty()) {
    target = resolve(typed);
  } else if (auto i = selected()) {
    target = dir_ / entries_[*i].name;
  } else {
    return std::nullopt;
  }
  std::error_code ec;
  if (fs::is_directory(target, ec)) {
    change_dir(target);
    return std::nullopt;
  }
  if (!fs::exists(target, ec)) {
    error_ = fmt::format("{}: no such file or directory", target.string());
    return std::nullopt;
  }
  return fs::absolute(target, ec).lexically_normal();
}

std::vector<std::string> add_recent(std::vector<std::string> recent, const std::string& path,
                                    std::size_t keep) {
  std::erase(recent, path);
  recent.insert(recent.begin(), path);
  if (recent.size() > keep) recent.resize(keep);
  return recent;
}

}  // namespace synack
