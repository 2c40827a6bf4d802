// Whether a folder is a drillsim result set, and whether it is still as
// drillsim wrote it.
//
// A result set's manifest.json lists every file of the set with its size
// and SHA-256 (format version 3; version 2 listed names only); a name may
// be one subfolder deep (`runs/NAME`, a sweep's per-run files). Two readers
// use that list:
// - `why_not_replaceable`: `--out` replaces a folder only when it is provably
//   a result set: a regular manifest.json that parses as drillsim's, nothing
//   in the folder that the manifest does not list, and every listed file that
//   is there unchanged (size and SHA-256, where the manifest has them). A
//   listed file that is missing loses nothing of the user's, so it does not
//   stop a replacement.
// - `verify_result_set` (`drillsim verify DIR`): the set is complete and
//   intact: every listed file present with its size and checksum, nothing
//   else in the folder.
// Both read the manifest (bounded to kMaxManifestBytes) and hash each listed
// file once; neither changes anything.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace drill::io {

/// A manifest larger than this is not drillsim's (a million replications
/// list two million files in well under this).
inline constexpr std::uintmax_t kMaxManifestBytes = 512ull << 20;

/// Why `dir` (an existing folder) must not be replaced by a new result set,
/// or nullopt when it may (it is empty, or provably a drillsim result set).
std::optional<std::string> why_not_replaceable(const std::filesystem::path& dir);

/// What differs between `dir` and its manifest, one line each (empty: the
/// set is complete and intact). A folder without a readable manifest gives
/// one line saying why.
std::vector<std::string> verify_result_set(const std::filesystem::path& dir);

}  // namespace drill::io
