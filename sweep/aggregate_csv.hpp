// aggregate.csv: a sweep's aggregate for spreadsheets, one row per design
// point and series (the rows of sweep.db's `aggregate` table with the
// point's label and parameter values beside them):
//   point_id,label,<one column per parameter path>,series,measure,labels,
//   unit,statistic,n,mean,sd,ci_low,ci_high,min,max
// Rows in SweepDb::read_aggregate's order (design points in order, each
// point's series in its runs' order); parameter columns in the order the
// paths were first added to the sweep's points. A point without a
// parameter leaves its cell empty, as does a figure that is NULL in
// sweep.db (sd and the interval of a point of one run; a mean of values
// that are not numbers). Numbers in the shortest text that reads back as
// the same double, so the file is the same bytes for the same sweep
// whatever ran it. Cost: one pass over the database's aggregate, the text
// handed on in pieces of about 64 KiB: memory does not grow with the points.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sweep/sweep_db.hpp"

namespace drill::sweep {

/// aggregate.csv made as the aggregate is read (SweepDb::read_aggregate):
/// the header at once, then each row added, handed to `write` in pieces.
class AggregateCsvWriter {
 public:
  /// `paths`: the sweep's parameter paths (SweepDb::parameter_paths).
  AggregateCsvWriter(std::vector<std::string> paths, std::function<void(std::string_view)> write);
  void add(const AggregateRow& row);
  /// Hands on what is left.
  void finish();

 private:
  std::vector<std::string> paths_;
  std::function<void(std::string_view)> write_;
  std::string text_;  // not yet handed on
};

/// aggregate.csv of `db`, given to `write` piece by piece, in order.
void write_aggregate_csv(const SweepDb& db, const std::function<void(std::string_view)>& write);
/// The same as one text.
std::string aggregate_csv(const SweepDb& db);

/// `v` in the shortest text that reads back as the same double.
std::string number_text(double v);

}  // namespace drill::sweep
