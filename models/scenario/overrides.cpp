#include "models/scenario/overrides.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>

#include "models/scenario/suggest.hpp"
#include "models/scenario/yaml_reader.hpp"

namespace drill::models::scenario {

namespace {

/// `text` in single quotes (appended, not `"'" + std::string(text)`, on
/// which g++ 12 -O3 warns -Wrestrict falsely).
std::string quoted(std::string_view text) {
  std::string q;
  q.reserve(text.size() + 2);
  q += '\'';
  q.append(text);
  q += '\'';
  return q;
}

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

/// Parses PATH into steps; returns the reason on failure.
std::optional<std::string> parse_path(std::string_view path, std::vector<PathStep>& steps) {
  if (path.empty()) return "the key path is empty (write e.g. naval.units[name=tidespring].count=2)";
  std::size_t i = 0;
  bool expect_key = true;
  while (i < path.size()) {
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string_view::npos) return "'[' at position " + std::to_string(i + 1) + " is not closed";
      const std::string_view inside = path.substr(i + 1, close - i - 1);
      PathStep s;
      if (const std::size_t eq = inside.find('='); eq != std::string_view::npos) {
        s.kind = PathStep::Kind::select;
        s.key = std::string(inside.substr(0, eq));
        s.value = std::string(inside.substr(eq + 1));
        if (s.key.empty() || s.value.empty()) return "'[" + std::string(inside) + "]' is not a selector such as [name=X]";
      } else {
        if (!is_digits(inside)) return "'[" + std::string(inside) + "]' is neither an index such as [0] nor a selector such as [name=X]";
        s.kind = PathStep::Kind::index;
        const auto r = std::from_chars(inside.data(), inside.data() + inside.size(), s.index);
        if (r.ec != std::errc{}) return "the index '" + std::string(inside) + "' is too large";
      }
      if (steps.empty()) return "the key path must start with a key, not '['";
      steps.push_back(std::move(s));
      i = close + 1;
      expect_key = false;
      continue;
    }
    if (path[i] == '.') {
      if (expect_key) return "an empty key in '" + std::string(path) + "'";
      ++i;
      expect_key = true;
      if (i == path.size()) return "the key path ends with '.'";
      continue;
    }
    if (!expect_key) return "expected '.' or '[' after ']' in '" + std::string(path) + "'";
    std::size_t end = i;
    while (end < path.size() && path[end] != '.' && path[end] != '[') {
      if (path[end] == ']') return "a ']' without its '[' in '" + std::string(path) + "'";
      ++end;
    }
    PathStep s;
    s.key = std::string(path.substr(i, end - i));
    steps.push_back(std::move(s));
    i = end;
    expect_key = false;
  }
  return std::nullopt;
}

std::string describe(const YAML::Node& n) {
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  if (n.IsNull()) return "nothing";
  return "'" + n.Scalar() + "'";
}

/// The YAML of `text` parsed so that its marks fall at `at` (0-based): the
/// replacement then points where the value it replaces pointed. Text with
/// no YAML in it (`--set drill.seed=`) is null, as `~` is, and points there
/// too (parsed as it is, it would point nowhere).
YAML::Node parse_value_at(const std::string& text, const YAML::Mark& at) {
  std::string padding;
  if (!at.is_null()) {
    padding.assign(static_cast<std::size_t>(at.line), '\n');
    padding.append(static_cast<std::size_t>(at.column), ' ');
  }
  YAML::Node value = YAML::Load(padding + text);
  if (value.IsNull() && value.Mark().is_null()) value = YAML::Load(padding + "~");
  return value;
}

}  // namespace

std::optional<Override> parse_override(std::string_view text, std::string& error, std::string_view origin_prefix) {
  std::size_t depth = 0, eq = std::string_view::npos;
  for (std::size_t i = 0; i < text.size() && eq == std::string_view::npos; ++i) {
    if (text[i] == '[') ++depth;
    else if (text[i] == ']' && depth > 0) --depth;
    else if (text[i] == '=' && depth == 0) eq = i;
  }
  if (eq == std::string_view::npos) {
    error = quoted(text) + " is not PATH=VALUE (write e.g. naval.units[name=tidespring].count=2)";
    return std::nullopt;
  }
  Override o;
  o.path_text = std::string(text.substr(0, eq));
  o.value = std::string(text.substr(eq + 1));
  if (auto why = parse_path(o.path_text, o.path)) {
    error = quoted(text) + ": " + *why;
    return std::nullopt;
  }
  o.origin = std::string(origin_prefix) + std::string(text);
  return o;
}

std::vector<AppliedOverride> apply_overrides(YAML::Node& root, const std::vector<Override>& overrides,
                                             Diagnostics& diags) {
  std::vector<AppliedOverride> applied;
  for (const Override& o : overrides) {
    const std::string note = " (set by " + o.origin + ")";
    // `node` is the value reached so far, `where` its loader key path.
    YAML::Node node = root;
    std::string where;
    bool ok = true;
    const std::string* add_key = nullptr;  // the last key, absent from its mapping
    for (const PathStep& step : o.path) {
      const SourcePos at = position_of(node);
      // The diagnostic's key path is `where`; the message says what is wrong there.
      const std::string here_is = where.empty() ? std::string("the drill is ") : std::string("this is ");
      const YAML::Node& here = node;  // const: operator[] must not insert
      switch (step.kind) {
        case PathStep::Kind::key: {
          if (!here.IsMap()) {
            diags.error(at, where, here_is + describe(here) + ", not a mapping with the key '" + step.key + "'" + note);
            ok = false;
            break;
          }
          YAML::Node child = here[step.key];
          if (!child.IsDefined() && &step == &o.path.back()) {
            // A key the file leaves out (an optional one) may be added; a
            // key the loader does not know is then its "unknown key" error.
            add_key = &step.key;
            break;
          }
          if (!child.IsDefined()) {
            std::vector<std::string> keys;
            for (const auto& kv : here)
              if (kv.first.IsScalar()) keys.push_back(kv.first.Scalar());
            diags.error(at, where, "no key '" + step.key + "'" + (where.empty() ? " at the top of the drill" : " here") + note,
                        suggestion_hint(step.key, keys));
            ok = false;
            break;
          }
          node.reset(child);
          where = join_path(where, step.key);
          break;
        }
        case PathStep::Kind::index: {
          if (!here.IsSequence()) {
            diags.error(at, where, here_is + describe(here) + ", not a list to take [" + std::to_string(step.index) + "] from" + note);
            ok = false;
            break;
          }
          if (step.index >= here.size()) {
            diags.error(at, where,
                        "index [" + std::to_string(step.index) + "] is out of range: the list has " +
                            std::to_string(here.size()) + (here.size() == 1 ? " element" : " elements") + note,
                        here.size() ? "indices start at 0; the last is [" + std::to_string(here.size() - 1) + "]" : "");
            ok = false;
            break;
          }
          node.reset(here[step.index]);
          where += '[';  // appended piece by piece: g++ 12 -O3 warns falsely (-Wrestrict) on "[" + string
          where += std::to_string(step.index);
          where += ']';
          break;
        }
        case PathStep::Kind::select: {
          const std::string sel = "[" + step.key + "=" + step.value + "]";
          if (!here.IsSequence()) {
            diags.error(at, where, here_is + describe(here) + ", not a list to select " + sel + " from" + note);
            ok = false;
            break;
          }
          std::size_t found = here.size(), matches = 0;
          std::vector<std::string> values;
          for (std::size_t i = 0; i < here.size(); ++i) {
            const YAML::Node& item = here[i];
            if (!item.IsMap()) continue;
            const YAML::Node v = item[step.key];
            if (!v.IsDefined() || !v.IsScalar()) continue;
            values.push_back(v.Scalar());
            if (v.Scalar() == step.value) {
              if (matches++ == 0) found = i;
            }
          }
          if (matches != 1) {
            diags.error(at, where,
                        matches == 0 ? "no element whose " + step.key + " is '" + step.value + "'" + note
                                     : std::to_string(matches) + " elements whose " + step.key + " is '" +
                                           step.value + "'" + note,
                        matches == 0 ? suggestion_hint(step.value, values) : "write [N] to pick one by position");
            ok = false;
            break;
          }
          node.reset(here[found]);
          where += "[" + std::to_string(found) + "]";
          break;
        }
      }
      if (!ok) break;
    }
    if (!ok) continue;
    YAML::Node value;
    try {
      value = parse_value_at(o.value, node.Mark());
    } catch (const YAML::Exception& e) {
      diags.error(position_of(node), add_key ? join_path(where, *add_key) : where,
                  "the value '" + o.value + "' is not YAML: " + e.msg + note,
                  "write the value as YAML (2, 64 kbit/s, [a, b], {count: 2}); quote text YAML would read otherwise");
      continue;
    }
    if (add_key) {
      // Key and value both point at the mapping they are added to.
      node.force_insert(parse_value_at(*add_key, node.Mark()), value);
      where = join_path(where, *add_key);
    } else {
      node = value;  // rebinds the document's node to the new value (marks and all)
    }
    applied.push_back(AppliedOverride{std::move(where), &o});
  }
  return applied;
}

void annotate_overridden(std::vector<Diagnostic>& diagnostics, const std::vector<AppliedOverride>& applied) {
  const auto inside = [](const std::string& path, const std::string& prefix) {
    if (path.compare(0, prefix.size(), prefix) != 0) return false;
    return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
  };
  for (Diagnostic& d : diagnostics) {
    for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
      if (!inside(d.path, it->resolved_path)) continue;
      d.message += " (set by " + it->by->origin + ")";
      break;
    }
  }
}

}  // namespace drill::models::scenario
