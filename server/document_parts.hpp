// What the hub takes from a dashboard document handed to it
// (Hub::set_dashboard, report/dashboard-data.md): the parts the hub cannot
// make itself. Each series' reference levels (they come from the drill file,
// which the hub never sees), and, for a set of replications, whose
// replications publish no rows, the units, the activity rows and the
// aggregate of the replication shown in detail.
//
// The document is the report's own writing (report/dashboard_json.hpp), read
// once per document handed in, on the network side: one pass over its text,
// keeping only those parts (points are skipped, not read). A text that is
// not such a document gives nothing (nullopt), never a partial read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/hub.hpp"

namespace drill::server {

struct DocumentParts {
  /// A series that carries `reference`: its metric, labels (in the
  /// document's order) and the member's value as written (`{"capacity":375,...}`).
  struct Reference {
    std::string metric;
    std::vector<std::pair<std::string, std::string>> labels;
    std::string levels;
  };
  std::vector<Reference> references;
  std::vector<std::string> unit_names;  // index = unit id
  std::vector<UnitFacts> units;         // same index
  std::vector<ActivityRow> rows;        // id = index
  std::string aggregate = "null";       // the member's value as written
};

std::optional<DocumentParts> read_document_parts(std::string_view document);

}  // namespace drill::server
