#include "models/scenario/load_drill.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "models/scenario/check_feasibility.hpp"
#include "models/scenario/check_load.hpp"
#include "models/scenario/check_references.hpp"
#include "models/scenario/parse_sections.hpp"
#include "models/scenario/utf8.hpp"
#include "models/scenario/yaml_reader.hpp"

namespace drill::models::scenario {

namespace {

// yaml-cpp reports an unquoted `exponential(mean: 40min)` as an illegal map
// value; the hint says how to write it.
std::string syntax_hint(std::string_view yaml, const YAML::Mark& mark, const std::string& msg) {
  if (msg.find("illegal map value") == std::string::npos || mark.line < 0) return {};
  std::size_t start = 0;
  for (int line = 0; line < mark.line && start != std::string_view::npos; ++line) {
    start = yaml.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos) return {};
  const std::string_view line = yaml.substr(start, yaml.find('\n', start) - start);
  if (line.find('(') != std::string_view::npos) {
    return "put a distribution in quotes: \"triangular(min: 1h, mode: 90min, max: 3h)\"";
  }
  return "a value containing ': ' must be quoted";
}

/// Where each YAML document of a text starts (its first node), read by
/// yaml-cpp's event parser before the text is loaded. yaml-cpp 0.7's
/// LoadAll never returns on some malformed texts (a ',' outside a flow
/// collection, e.g. a line `,# comment`): its parser hands back the same
/// empty document again and again without consuming the offending token,
/// and LoadAll collects them until memory runs out. Here a document that
/// starts where the previous one started is that loop: `stuck` says where,
/// and the text is refused as a syntax error.
class DocumentStarts final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> documents;  // the first node of each document
  std::optional<YAML::Mark> stuck;

  static DocumentStarts of(const std::string& text) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentStarts starts;
    while (!starts.stuck && parser.HandleNextDocument(starts)) {
    }
    return starts;
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (previous_ && previous_->pos == mark.pos) stuck = mark;
    previous_ = mark;
    first_ = true;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (first_) documents.push_back(mark);
    first_ = false;
  }
  std::optional<YAML::Mark> previous_;
  bool first_ = false;
};

/// True when a root that loads as a mapping is the text's one document, to
/// its end, so that DocumentStarts would find nothing more. yaml-cpp 0.7
/// ends a block mapping at column 0 only at the end of the text or at a
/// line starting with `---`, `...` or `%` (the only places its scanner pops
/// every indentation). So when no line starts so, and the text's first
/// token is a plain scalar at column 0 (its first line that is neither
/// blank nor a comment opens with a letter, digit or '_'), a root that
/// loads as a mapping is the block mapping that token opens, ending with
/// the text: no second document, and no ',' outside a flow collection after
/// it to make yaml-cpp's document loop stick. Anything else (an indented
/// first key, a byte-order mark, a document marker, a leading ',') returns
/// false and is read by DocumentStarts as before.
bool root_mapping_ends_the_text(std::string_view text) {
  std::size_t i = 0;
  for (;;) {  // the first token: past blank lines and comment lines
    const std::size_t line = i;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i < text.size() && text[i] == '#') {
      i = text.find('\n', i);
      if (i == std::string_view::npos) return false;
    }
    if (i == text.size()) return false;
    if (text[i] == '\n') {
      ++i;
      continue;
    }
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      i += 2;
      continue;
    }
    const char c = text[i];
    if (i != line || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
    break;
  }
  for (std::size_t nl = text.find('\n', i); nl != std::string_view::npos; nl = text.find('\n', nl + 1)) {
    const std::string_view rest = text.substr(nl + 1);
    if (rest.starts_with('%') || rest.starts_with("---") || rest.starts_with("...")) return false;
  }
  return true;
}

/// A drill refused before it is parsed: one error at byte `offset` of `text`.
LoadResult refused_at_byte(std::string_view text, std::size_t offset, std::string file_name, std::string message,
                           std::string hint) {
  // Line and column (in bytes) of the offending byte.
  const std::size_t line_start = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  const std::size_t begin = line_start == std::string_view::npos ? 0 : line_start + 1;
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(begin), '\n'));
  LoadResult result;
  Diagnostics diags(std::move(file_name));
  diags.error(SourcePos{line, static_cast<int>(offset - begin) + 1}, "", std::move(message), std::move(hint));
  result.diagnostics = diags.take();
  return result;
}

std::string byte_hex(char c) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
  return hex;
}

}  // namespace

LoadResult load_drill_from_string(std::string_view yaml, std::string file_name,
                                  const std::vector<Override>& overrides) {
  if (const std::optional<std::size_t> bad = first_invalid_utf8(yaml)) {
    return refused_at_byte(yaml, *bad, std::move(file_name),
                           "the drill file is not valid UTF-8 (byte " + byte_hex(yaml[*bad]) + ")",
                           "save the file as UTF-8; every output copies the drill's names and must be valid UTF-8");
  }
  if (const std::optional<std::size_t> bad = first_control_byte(yaml)) {
    return refused_at_byte(yaml, *bad, std::move(file_name),
                           "the drill file holds a control character (byte " + byte_hex(yaml[*bad]) +
                               "); it is not a text file",
                           "a drill is YAML text: only tabs, line feeds and carriage returns may appear besides "
                           "printable characters");
  }
  const std::string text(yaml);
  YAML::Node root;
  try {
    // Most drills are one block mapping from the first line to the last:
    // loaded once, they need no second reading to count their documents.
    // yaml-cpp's parser reads the first document the same way whatever it
    // builds, so a text that fails to load fails with the error that
    // DocumentStarts would have met first.
    const bool loaded = root_mapping_ends_the_text(text);  // ... if it loads as a mapping
    if (loaded) root = YAML::Load(text);
    if (!loaded || !root.IsMap()) {
      const DocumentStarts starts = DocumentStarts::of(text);
      if (starts.stuck) {
        const YAML::Mark& at = *starts.stuck;
        const auto pos = static_cast<std::size_t>(at.pos);
        const std::string what = pos < text.size() ? std::string("'") + text[pos] + "'" : "text";
        throw YAML::ParserException(at, "unexpected " + what + " (outside a [ ] or { } list or map)");
      }
      // A second document (after `---`) would be silently ignored: the
      // author may think it is part of the drill.
      if (starts.documents.size() > 1) {
        LoadResult result;
        Diagnostics diags(std::move(file_name));
        const YAML::Mark& second = starts.documents[1];
        diags.error(SourcePos{second.line + 1, second.column + 1}, "",
                    "the drill file holds " + std::to_string(starts.documents.size()) +
                        " YAML documents; a drill is one",
                    "remove the '---' line and what follows it, or put each drill in its own file");
        result.diagnostics = diags.take();
        return result;
      }
      // Loaded above already (the same first document) or not at all.
      if (!loaded && !starts.documents.empty()) root = YAML::Load(text);
    }
  } catch (const YAML::Exception& e) {
    LoadResult result;
    Diagnostics diags(std::move(file_name));
    const SourcePos at = e.mark.is_null() ? SourcePos{} : SourcePos{e.mark.line + 1, e.mark.column + 1};
    diags.error(at, "", "YAML syntax error: " + e.msg, syntax_hint(yaml, e.mark, e.msg));
    result.diagnostics = diags.take();
    return result;
  }
  return load_drill_from_document(root, std::move(file_name), overrides);
}

LoadResult load_drill_from_document(YAML::Node root, std::string file_name, const std::vector<Override>& overrides) {
  LoadResult result;
  Diagnostics diags(std::move(file_name));
  // An override that does not resolve stops here: validating the drill
  // without it would report what the user did not ask about.
  const std::vector<AppliedOverride> applied = apply_overrides(root, overrides, diags);
  if (diags.has_errors()) {
    result.diagnostics = diags.take();
    return result;
  }
  SourceMap where;
  ReadContext ctx{diags, where};
  DrillSpec spec = parse_drill_sections(ctx, root);
  check_references(spec, where, diags);
  // The physics checks assume every name resolves; after a reference error
  // they would only repeat it in other words.
  if (!diags.has_errors()) check_feasibility(spec, where, diags);
  if (!diags.has_errors()) check_load(spec, where, diags);
  diags.sort_by_position();
  result.status = diags.has_errors() ? LoadStatus::invalid : LoadStatus::ok;
  if (result.ok()) result.drill = std::move(spec);
  result.diagnostics = diags.take();
  annotate_overridden(result.diagnostics, applied);
  return result;
}

LoadResult load_drill(const std::filesystem::path& path, LoadOptions options) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec)) {
    LoadResult result;
    result.status = LoadStatus::file_not_found;
    result.diagnostics.push_back(
        Diagnostic{path.string(), 0, 0, "", "cannot open the drill file", "check the path", Severity::error});
    return result;
  }
  // Read no more than one chunk past the limit, so a device or pipe that
  // never ends is refused as surely as a large regular file.
  std::string text;
  char chunk[64 * 1024];
  while (in && text.size() <= options.max_file_bytes) {
    in.read(chunk, static_cast<std::streamsize>(sizeof chunk));
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (text.size() > options.max_file_bytes) {
    LoadResult result;
    result.status = LoadStatus::invalid;
    result.diagnostics.push_back(Diagnostic{
        path.string(), 0, 0, "",
        "the drill file is larger than " + std::to_string(options.max_file_bytes) + " bytes; it was not read",
        "drill files are a few KiB to a few MiB; if this one is meant to be larger, raise the limit "
        "with --max-file-size",
        Severity::error});
    return result;
  }
  return load_drill_from_string(text, path.string(), options.overrides);
}

}  // namespace drill::models::scenario
