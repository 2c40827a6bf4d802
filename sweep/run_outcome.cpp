#include "sweep/run_outcome.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <stdexcept>

namespace drill::sweep {

std::optional<std::size_t> RunOutcome::find(std::string_view key_text) const {
  for (std::size_t i = 0; i < series.size(); ++i)
    if (series[i].text() == key_text) return i;
  // A measure's bare name names its one series, as in a sweep file.
  if (key_text.find('{') != std::string_view::npos) return std::nullopt;
  std::optional<std::size_t> only;
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (series[i].measure != key_text) continue;
    if (only) return std::nullopt;
    only = i;
  }
  return only;
}

// The encoding: "DRO2", then every field in declaration order; whole
// numbers as LEB128 varints, doubles as their 8 bytes little-endian (bit
// for bit: NaN payloads, -0 and infinities survive), strings as a varint
// length and the bytes, vectors as a varint count and the elements, the
// optional summary as a byte 0/1 and the string. The series are preceded
// by a varint 1 when they are the sender's previous outcome's (and then
// left out), else 0. Nothing depends on the
// host's byte order, so ranks on different machines understand each other.
namespace {

constexpr std::string_view kMagic = "DRO2";

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void number(double d) {
    const auto bits = std::bit_cast<std::uint64_t>(d);
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
  void text(std::string_view s) {
    varint(s.size());
    out_.append(s);
  }

 private:
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const auto byte = static_cast<unsigned char>(take(1)[0]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    throw std::runtime_error("run outcome: a varint longer than 64 bits");
  }
  double number() {
    const std::string_view b = take(8);
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(static_cast<unsigned char>(b[i])) << (8 * i);
    return std::bit_cast<double>(bits);
  }
  std::string text() { return std::string(take(count(1))); }
  /// A count of elements of at least `min_bytes` each: never more than the
  /// bytes left could hold, so bad input cannot ask for a huge allocation.
  std::size_t count(std::size_t min_bytes) {
    const std::uint64_t n = varint();
    if (n > (in_.size() - at_) / min_bytes) throw std::runtime_error("run outcome: a length beyond the end of the bytes");
    return static_cast<std::size_t>(n);
  }
  std::string_view take(std::size_t n) {
    if (n > in_.size() - at_) throw std::runtime_error("run outcome: the bytes end early");
    const std::string_view s = in_.substr(at_, n);
    at_ += n;
    return s;
  }
  bool at_end() const noexcept { return at_ == in_.size(); }
  std::size_t at() const noexcept { return at_; }
  void rewind(std::size_t at) noexcept { at_ = at; }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
};

}  // namespace

std::string encode(const RunOutcome& o, const SeriesList& previous) {
  std::string out;
  encode_to(out, o, previous);
  return out;
}

void encode_to(std::string& out, const RunOutcome& o, const SeriesList& previous) {
  out.reserve(out.size() + 64 + o.series.size() * 48 + o.samples.size() * 17 + o.value_array.size() +
              (o.summary_json ? o.summary_json->size() : 0));
  out.append(kMagic);
  Writer w(out);
  w.varint(o.ticket.point.value);
  w.varint(o.ticket.replication);
  w.varint(o.fingerprint);
  w.varint(o.events);
  w.varint(o.completed ? 1 : 0);
  // A sender's lists of a design point's runs are one shared list: the
  // comparison is of two pointers but at a new point.
  const bool same_series = !o.series.empty() && o.series == previous;
  w.varint(same_series ? 1 : 0);
  if (!same_series) {
    w.varint(o.series.size());
    for (const SeriesKey& k : o.series) {
      w.text(k.measure);
      w.text(k.labels);
      w.text(k.unit);
      w.text(k.statistic);
    }
  }
  w.varint(o.values.size());
  for (double v : o.values) w.number(v);
  w.varint(o.samples.size());
  for (const Sample& s : o.samples) {
    w.varint(s.series);
    w.number(s.time_s);
    w.number(s.value);
  }
  w.text(o.value_array);
  w.varint(o.summary_json ? 1 : 0);
  if (o.summary_json) w.text(*o.summary_json);
  w.number(o.wall_seconds);
}

namespace {

/// Whether the `n` encoded keys at the reader's place are `likely`'s; the
/// reader has passed them if so, and is where it was if not.
bool read_same_keys(Reader& r, std::size_t n, const SeriesList& likely) {
  if (n != likely.size() || n == 0) return false;
  const std::size_t start = r.at();
  for (const SeriesKey& k : likely) {
    if (r.take(r.count(1)) != k.measure || r.take(r.count(1)) != k.labels || r.take(r.count(1)) != k.unit ||
        r.take(r.count(1)) != k.statistic) {
      r.rewind(start);
      return false;
    }
  }
  return true;
}

}  // namespace

RunOutcome decode(std::string_view bytes, const SeriesList& previous) {
  Reader r(bytes);
  if (r.take(std::min(bytes.size(), kMagic.size())) != kMagic)
    throw std::runtime_error("run outcome: the bytes are not an encoded run outcome");
  RunOutcome o;
  const std::uint64_t point = r.varint();
  if (point > UINT32_MAX) throw std::runtime_error("run outcome: a point id beyond 32 bits");
  o.ticket.point = PointId{static_cast<std::uint32_t>(point)};
  o.ticket.replication = r.varint();
  o.fingerprint = r.varint();
  o.events = r.varint();
  const std::uint64_t completed = r.varint();
  if (completed > 1) throw std::runtime_error("run outcome: a flag that is neither 0 nor 1");
  o.completed = completed == 1;
  const std::uint64_t same_series = r.varint();
  if (same_series > 1) throw std::runtime_error("run outcome: a flag that is neither 0 nor 1");
  if (same_series == 1) {
    if (previous.empty()) throw std::runtime_error("run outcome: the previous outcome's series, and none is known");
    o.series = previous;
  } else if (const std::size_t series = r.count(4); read_same_keys(r, series, previous)) {
    o.series = previous;
  } else {
    std::vector<SeriesKey> keys(series);
    for (SeriesKey& k : keys) {
      k.measure = r.text();
      k.labels = r.text();
      k.unit = r.text();
      k.statistic = r.text();
    }
    o.series = std::move(keys);
  }
  o.values.resize(r.count(8));
  for (double& v : o.values) v = r.number();
  if (o.values.size() != o.series.size()) throw std::runtime_error("run outcome: not one value per series");
  o.samples.resize(r.count(17));
  for (Sample& s : o.samples) {
    const std::uint64_t series = r.varint();
    if (series >= o.series.size()) throw std::runtime_error("run outcome: a sample of a series it does not have");
    s.series = static_cast<std::uint32_t>(series);
    s.time_s = r.number();
    s.value = r.number();
  }
  o.value_array = r.text();
  const std::uint64_t has_summary = r.varint();
  if (has_summary > 1) throw std::runtime_error("run outcome: a flag that is neither 0 nor 1");
  if (has_summary) o.summary_json = r.text();
  o.wall_seconds = r.number();
  if (!r.at_end()) throw std::runtime_error("run outcome: bytes after the end");
  return o;
}

}  // namespace drill::sweep
