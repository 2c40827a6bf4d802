// A small streaming JSON writer for result files.
//
// Output is deterministic: keys appear in the order written, numbers use the
// shortest representation that reads back to the same double (std::to_chars),
// so equal results give byte-identical files. Non-finite numbers, which JSON
// cannot hold, are written as null. Two-space indentation, one member a line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drill::io {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// Names the next value inside an object.
  JsonWriter& key(std::string_view k);

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(double d);
  JsonWriter& value(std::int64_t i);
  JsonWriter& value(std::uint64_t u);
  JsonWriter& value(int i) { return value(static_cast<std::int64_t>(i)); }
  JsonWriter& value(bool b);
  JsonWriter& null();

  template <class T>
  JsonWriter& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  /// The document, ending with a newline; all containers must be closed.
  std::string str() const;
  /// Hands over the text written so far and forgets it, so a long document
  /// can be streamed to a file in pieces (str() then returns the rest).
  std::string take_text() { return std::exchange(out_, std::string()); }
  std::size_t text_size() const noexcept { return out_.size(); }

 private:
  void before_value();
  void newline();
  std::string out_;
  struct Level {
    bool array;
    bool empty;
  };
  std::vector<Level> stack_;
  bool after_key_ = false;
};

/// Escapes a string for JSON (quotes included).
std::string json_quote(std::string_view s);
/// The same, appended to `out` (no temporary: for writers that build large
/// documents string by string).
void append_json_quoted(std::string& out, std::string_view s);

}  // namespace drill::io
