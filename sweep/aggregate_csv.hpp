// aggregate.csv: a sweep's aggregate for spreadsheets, one row per design
// point and series (the rows of sweep.db's `aggregate` table with the
// point's label and parameter values beside them):
//   point_id,label,<one column per parameter path>,series,measure,labels,
//   unit,statistic,n,mean,sd,ci_low,ci_high,min,max
// Parameter columns in the order the paths first appear; a point without
// a parameter leaves its cell empty, as does a figure that is NULL in
// sweep.db (sd and the interval of a point of one run; a mean of values
// that are not numbers). Numbers in the shortest text that
// reads back as the same double, so the file is the same bytes for the same
// sweep whatever ran it. Cost: one pass over the rows.
#pragma once

#include <string>
#include <vector>

#include "sweep/sweep_driver.hpp"

namespace drill::sweep {

std::string aggregate_csv(const std::vector<AggregateRow>& rows);

/// `v` in the shortest text that reads back as the same double.
std::string number_text(double v);

}  // namespace drill::sweep
