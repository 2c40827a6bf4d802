#include "server/document_parts.hpp"

#include <charconv>
#include <cstdint>

namespace drill::server {
namespace {

/// A cursor over JSON text that reads what it is asked for and skips the
/// rest; any mismatch stops it (ok() false) and every later call does
/// nothing.
class Reader {
 public:
  explicit Reader(std::string_view text) : t_(text) {}
  bool ok() const noexcept { return ok_; }
  bool at_end() {
    space();
    return i_ == t_.size();
  }

  bool peek(char c) {
    space();
    return ok_ && i_ < t_.size() && t_[i_] == c;
  }
  bool eat(char c) {
    if (!peek(c)) return false;
    ++i_;
    return true;
  }
  /// `null` (consumed) or not (nothing consumed).
  bool null() {
    space();
    if (!ok_ || t_.substr(i_, 4) != "null") return false;
    i_ += 4;
    return true;
  }

  std::string string() {
    std::string out;
    if (!eat('"')) return fail(), out;
    while (ok_) {
      if (i_ >= t_.size()) return fail(), out;
      const char c = t_[i_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= t_.size()) return fail(), out;
      switch (const char e = t_[i_++]) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': utf8(out, code_point()); break;
        default: out += e; break;  // " \ /
      }
    }
    return out;
  }

  std::int64_t integer() {
    space();
    std::int64_t v = 0;
    const auto r = std::from_chars(t_.data() + i_, t_.data() + t_.size(), v);
    if (r.ec != std::errc{}) return fail(), 0;
    i_ = static_cast<std::size_t>(r.ptr - t_.data());
    return v;
  }

  /// Any value, as written.
  std::string_view skip() {
    space();
    const std::size_t from = i_;
    if (peek('"')) {
      string();
    } else if (peek('{') || peek('[')) {
      // Brackets are counted outside strings; the text is a document the
      // report wrote, so they pair.
      int depth = 0;
      while (ok_ && i_ < t_.size()) {
        const char c = t_[i_];
        if (c == '"') {
          string();
          continue;
        }
        ++i_;
        if (c == '{' || c == '[') ++depth;
        if ((c == '}' || c == ']') && --depth == 0) break;
      }
      if (depth != 0) fail();
    } else {
      while (i_ < t_.size() && std::string_view(",}] \t\r\n").find(t_[i_]) == std::string_view::npos) ++i_;
      if (i_ == from) fail();
    }
    return ok_ ? t_.substr(from, i_ - from) : std::string_view();
  }

  /// Each member of an object: `member(key)` reads (or skips) its value.
  template <typename F>
  void object(F&& member) {
    if (!eat('{')) return fail();
    if (eat('}')) return;
    do {
      const std::string key = string();
      if (!eat(':')) return fail();
      if (ok_) member(key);
    } while (ok_ && eat(','));
    if (!eat('}')) fail();
  }

  /// Each element of an array: `element()` reads (or skips) it.
  template <typename F>
  void array(F&& element) {
    if (!eat('[')) return fail();
    if (eat(']')) return;
    do element();
    while (ok_ && eat(','));
    if (!eat(']')) fail();
  }

  /// A string, or null (as "").
  std::string string_or_null() { return null() ? std::string() : string(); }

 private:
  void fail() noexcept { ok_ = false; }
  void space() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\n' || t_[i_] == '\r' || t_[i_] == '\t')) ++i_;
  }
  unsigned hex4() {
    if (i_ + 4 > t_.size()) return fail(), 0u;
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = t_[i_++];
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return fail(), 0u;
      v = v * 16 + static_cast<unsigned>(d);
    }
    return v;
  }
  /// After `\u`: one code point (a surrogate pair read whole).
  unsigned code_point() {
    const unsigned hi = hex4();
    if (hi < 0xD800 || hi > 0xDBFF) return hi;
    if (t_.substr(i_, 2) != "\\u") return fail(), 0u;
    i_ += 2;
    const unsigned lo = hex4();
    if (lo < 0xDC00 || lo > 0xDFFF) return fail(), 0u;
    return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
  }
  static void utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string_view t_;
  std::size_t i_ = 0;
  bool ok_ = true;
};

void read_series(Reader& r, DocumentParts& parts) {
  r.array([&] {
    DocumentParts::Reference s;
    r.object([&](const std::string& key) {
      if (key == "metric") {
        s.metric = r.string();
      } else if (key == "labels") {
        r.object([&](const std::string& kind) { s.labels.emplace_back(kind, r.string()); });
      } else if (key == "reference") {
        s.levels = std::string(r.skip());
      } else {
        r.skip();
      }
    });
    if (!s.levels.empty()) parts.references.push_back(std::move(s));
  });
}

void read_units(Reader& r, DocumentParts& parts) {
  r.array([&] {
    std::string name;
    UnitFacts f;
    r.object([&](const std::string& key) {
      if (key == "name") name = r.string();
      else if (key == "kind") f.kind = r.string_or_null();
      else if (key == "class") f.unit_class = r.string_or_null();
      else if (key == "group") f.group = r.string_or_null();
      else if (key == "base") f.base = r.string_or_null();
      else r.skip();
    });
    parts.unit_names.push_back(std::move(name));
    parts.units.push_back(std::move(f));
  });
}

/// `[unit, kind, start_us, end_us or null, related or null]`.
void read_activities(Reader& r, DocumentParts& parts) {
  r.array([&] {
    ActivityRow row{.id = parts.rows.size()};
    int slot = 0;
    r.array([&] {
      switch (slot++) {
        case 0: row.unit = static_cast<std::uint32_t>(r.integer()); break;
        case 1: row.kind = static_cast<std::uint8_t>(r.integer()); break;
        case 2: row.start_us = r.integer(); break;
        case 3:
          if (!r.null()) row.end_us = r.integer();
          break;
        case 4:
          if (!r.null()) row.related = r.string();
          break;
        default: r.skip(); break;
      }
    });
    parts.rows.push_back(std::move(row));
  });
}

}  // namespace

std::optional<DocumentParts> read_document_parts(std::string_view document) {
  DocumentParts parts;
  Reader r(document);
  bool dashboard = false;
  r.object([&](const std::string& key) {
    if (key == "format") dashboard = r.string() == "drillsim-dashboard";
    else if (key == "series") read_series(r, parts);
    else if (key == "units") read_units(r, parts);
    else if (key == "activities") read_activities(r, parts);
    else if (key == "aggregate") parts.aggregate = std::string(r.skip());
    else r.skip();
  });
  if (!r.ok() || !r.at_end() || !dashboard) return std::nullopt;
  return parts;
}

}  // namespace drill::server
