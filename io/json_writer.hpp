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

}  // namespace drill::io
