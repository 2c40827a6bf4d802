#include "io/result_check.hpp"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "io/sha256.hpp"

namespace drill::io {
namespace {

namespace fs = std::filesystem;

struct Listed {
  std::string name;
  std::optional<std::uint64_t> bytes;
  std::optional<std::string> sha256;
};

struct Manifest {
  std::vector<Listed> files;
};

/// A file name of the set itself: no folders, nothing that leaves it.
bool plain_name(const std::string& n) {
  return !n.empty() && n != "." && n != ".." && n.find('/') == std::string::npos && n.find('\0') == std::string::npos;
}

/// A name a manifest may list: a file of the folder, or of a subfolder one
/// level down (`runs/p0000-r0000.summary.json`, a sweep's per-run files).
bool listed_name(const std::string& n) {
  const std::size_t slash = n.find('/');
  if (slash == std::string::npos) return plain_name(n);
  return plain_name(n.substr(0, slash)) && plain_name(n.substr(slash + 1));
}

/// Reads dir/manifest.json; on failure `why` says what is wrong.
std::optional<Manifest> read_manifest(const fs::path& dir, std::string& why) {
  const fs::path path = dir / "manifest.json";
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(path, ec);
  if (!fs::exists(st)) {
    why = "it has no manifest.json";
    return std::nullopt;
  }
  if (!fs::is_regular_file(st)) {
    why = "its manifest.json is not a regular file";
    return std::nullopt;
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec || size > kMaxManifestBytes) {
    why = "its manifest.json is too large to be drillsim's";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) {
    why = "its manifest.json cannot be read";
    return std::nullopt;
  }
  google::protobuf::Struct doc;
  if (!google::protobuf::util::JsonStringToMessage(text.str(), &doc).ok()) {
    why = "its manifest.json is not JSON written by drillsim";
    return std::nullopt;
  }
  const auto& f = doc.fields();
  const auto format = f.find("format");
  const auto files = f.find("files");
  if (format == f.end() || format->second.string_value() != "drillsim.manifest" || files == f.end() ||
      files->second.kind_case() != google::protobuf::Value::kListValue) {
    why = "its manifest.json is not a drillsim manifest";
    return std::nullopt;
  }
  Manifest m;
  for (const google::protobuf::Value& v : files->second.list_value().values()) {
    Listed l;
    if (v.kind_case() == google::protobuf::Value::kStringValue) {
      l.name = v.string_value();  // format version 2: names only
    } else if (v.kind_case() == google::protobuf::Value::kStructValue) {
      const auto& e = v.struct_value().fields();
      if (auto n = e.find("name"); n != e.end()) l.name = n->second.string_value();
      if (auto b = e.find("bytes"); b != e.end() && b->second.kind_case() == google::protobuf::Value::kNumberValue &&
                                    b->second.number_value() >= 0)
        l.bytes = static_cast<std::uint64_t>(b->second.number_value());
      if (auto h = e.find("sha256"); h != e.end() && h->second.kind_case() == google::protobuf::Value::kStringValue)
        l.sha256 = h->second.string_value();
    }
    if (!listed_name(l.name)) {
      why = "its manifest.json lists a file that is not in the folder itself";
      return std::nullopt;
    }
    m.files.push_back(std::move(l));
  }
  return m;
}

/// Whether a listed file that is there is as the manifest says; `why` names
/// the difference.
bool unchanged(const fs::path& path, const Listed& l, std::string& why) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(path, ec);
  if (!fs::is_regular_file(st)) {
    why = l.name + " is not a regular file";
    return false;
  }
  if (l.bytes && fs::file_size(path, ec) != *l.bytes) {
    why = l.name + " has changed since drillsim wrote it (size differs)";
    return false;
  }
  if (l.sha256) {
    std::string hash;
    try {
      hash = sha256_file_hex(path);
    } catch (const std::exception&) {
      why = l.name + " cannot be read";
      return false;
    }
    if (hash != *l.sha256) {
      why = l.name + " has changed since drillsim wrote it (SHA-256 differs)";
      return false;
    }
  }
  return true;
}

/// The problems of `dir` against `m`; `missing_counts`: a listed file that
/// is absent is a problem (verify) or not (replace).
std::vector<std::string> compare(const fs::path& dir, const Manifest& m, bool missing_counts, bool first_only) {
  std::vector<std::string> problems;
  std::set<std::string> listed;
  for (const Listed& l : m.files) listed.insert(l.name);
  std::error_code ec;
  std::set<std::string> present;
  std::set<std::string> subfolders;  // that the manifest lists files in
  for (const std::string& n : listed)
    if (const std::size_t slash = n.find('/'); slash != std::string::npos) subfolders.insert(n.substr(0, slash));
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string n = entry.path().filename().string();
    std::error_code sub_ec;
    if (subfolders.count(n) && fs::is_directory(fs::symlink_status(entry.path(), sub_ec))) {
      for (const auto& inner : fs::directory_iterator(entry.path(), sub_ec)) {
        const std::string m = n + "/" + inner.path().filename().string();
        present.insert(m);
        if (!listed.count(m)) {
          problems.push_back("it holds " + m + ", which its manifest does not list");
          if (first_only) return problems;
        }
      }
      if (sub_ec) return {"its files cannot be listed: " + sub_ec.message()};
      continue;
    }
    present.insert(n);
    if (!listed.count(n)) {
      problems.push_back("it holds " + n + ", which its manifest does not list");
      if (first_only) return problems;
    }
  }
  if (ec) return {"its files cannot be listed: " + ec.message()};
  for (const Listed& l : m.files) {
    if (l.name == "manifest.json") continue;
    if (!present.count(l.name)) {
      if (missing_counts) problems.push_back(l.name + " is missing");
      continue;
    }
    std::string why;
    if (!unchanged(dir / l.name, l, why)) {
      problems.push_back(why);
      if (first_only) return problems;
    }
  }
  return problems;
}

}  // namespace

std::optional<std::string> why_not_replaceable(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_empty(dir, ec) && !ec) return std::nullopt;
  std::string why;
  const std::optional<Manifest> m = read_manifest(dir, why);
  if (!m) return why;
  std::vector<std::string> problems = compare(dir, *m, false, true);
  if (problems.empty()) return std::nullopt;
  return problems.front();
}

std::vector<std::string> verify_result_set(const fs::path& dir) {
  std::string why;
  const std::optional<Manifest> m = read_manifest(dir, why);
  if (!m) return {why};
  return compare(dir, *m, true, false);
}

}  // namespace drill::io
