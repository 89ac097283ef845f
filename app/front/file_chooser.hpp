#pragma once
// File -> Open's chooser, with no UI library: one directory's sub-directories and the files
// it can open (scenarios *.toml, captures *.pcap / *.pcapng / *.cap), a selection moved by the
// arrow keys, a typed path completed with Tab, and the recent files. The window draws what this
// says; tests drive it on scratch directories.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace synack {

// What a file is, by its extension (any case): what File -> Open and a drop do with it.
enum class FileKind { other, scenario, capture };
FileKind file_kind(const std::filesystem::path& path);

// The files a chooser lists besides directories.
enum class FileKinds { scenarios, captures, both };

struct FileEntry {
  std::string name;
  bool is_dir = false;
};

class FileChooser {
 public:
  // Lists `dir` (made absolute); a directory that cannot be read gives no entries and an
  // error() to show.
  explicit FileChooser(std::filesystem::path dir = std::filesystem::current_path(),
                       FileKinds kinds = FileKinds::scenarios);

  FileKinds kinds() const { return kinds_; }

  const std::filesystem::path& dir() const { return dir_; }
  // Directories first, then the files of kinds(), each sorted by name without regard to case;
  // hidden entries (a leading dot) are left out.
  const std::vector<FileEntry>& entries() const { return entries_; }
  const std::string& error() const { return error_; }

  // The highlighted entry (the arrow keys move it, clamped to the list); none when empty.
  std::optional<std::size_t> selected() const;
  void move_selection(int delta);
  void select(std::size_t index);

  void change_dir(const std::filesystem::path& dir);  // relative: to the current one
  void up();                                          // the parent directory

  // Tab: the typed path completed as far as it is unambiguous among the entries of the
  // directory it names (a directory gets a trailing '/'); unchanged when nothing matches.
  // "~/" is the home directory; a relative path is relative to dir().
  std::string complete(const std::string& typed) const;

  // Enter: a typed path (or, when `typed` is empty, the selected entry). A directory is
  // entered and nullopt returned; a file's absolute path is returned to be opened; a path
  // that does not exist sets error() and returns nullopt.
  std::optional<std::filesystem::path> activate(const std::string& typed);

  // Where a typed path points (home and relative paths resolved).
  std::filesystem::path resolve(const std::string& typed) const;

 private:
  void list();

  std::filesystem::path dir_;
  FileKinds kinds_;
  std::vector<FileEntry> entries_;
  std::string error_;
  std::size_t selected_ = 0;
};

// The recent files list after opening `path`: it goes first, an older copy of it is
// dropped, and the list keeps at most `keep` paths.
std::vector<std::string> add_recent(std::vector<std::string> recent, const std::string& path,
                                    std::size_t keep = 8);

}  // namespace synack
