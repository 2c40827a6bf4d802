// The cases of bad_drills.hpp. Grouped by section; each names what is wrong.
#include "tests/models/scenario/bad_drills.hpp"

#include <stdexcept>

namespace drill::tests {
namespace {

constexpr std::string_view kMarker = "@@";

std::string repeat(std::string_view piece, std::size_t n) {
  std::string s;
  s.reserve(piece.size() * n);
  for (std::size_t i = 0; i < n; ++i) s += piece;
  return s;
}

// Nested flow lists far deeper than any drill (yaml-cpp refuses deep
// nesting with a syntax error instead of exhausting the stack).
std::string deep_lists() { return "drill: " + repeat("[", 100000) + repeat("]", 100000) + "@@\n"; }

std::string deep_maps() {
  std::string s = "drill:\n";
  // yaml-cpp stops at a depth of about 500: the marker is where it does.
  for (int i = 0; i < 3000; ++i)
    s += std::string(static_cast<std::size_t>(i) + 2, ' ') + (i == 497 ? "a:@@\n" : "a:\n");
  return s;
}

// A billion laughs: each level a list of nine aliases of the one before.
// yaml-cpp shares aliased nodes, so this stays small; the loader reports
// the unknown key without walking into it.
std::string alias_bomb() {
  std::string s = "@@lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 30; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    s += "lol" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + repeat(prev + ", ", 8) + prev + "]\n";
  }
  return s + std::string(kBadDrillBase);
}

}  // namespace

BadDrillText bad_drill_text(const BadDrill& c) {
  std::string text = std::string(kBadDrillBase);
  std::size_t start = 0;
  if (c.from.empty()) {
    text = c.to;
  } else {
    start = text.find(c.from);
    if (start == std::string::npos) throw std::logic_error(c.name + ": '" + c.from + "' is not in the base drill");
    text.replace(start, c.from.size(), c.to);
  }
  const std::size_t in_to = c.to.find(kMarker);
  if (in_to == std::string::npos) throw std::logic_error(c.name + ": no @@ marker");
  const std::size_t at = start + in_to;
  text.erase(at, kMarker.size());
  BadDrillText r;
  r.text = std::move(text);
  r.line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < at; ++i)
    if (r.text[i] == '\n') {
      ++r.line;
      line_start = i + 1;
    }
  r.column = static_cast<int>(at - line_start) + 1;
  return r;
}

/// Every whole-number key of the drill, written just past what a 64-bit
/// signed integer holds: refused at the value, never wrapped.
std::vector<BadDrill> integer_overflows() {
  struct Key {
    const char* name;
    const char* from;
    const char* to_prefix;  // `from` up to the value
    const char* to_suffix;
    const char* path;
  };
  static constexpr Key kKeys[] = {
      {"seed", "seed: 7", "seed: ", "", "drill.seed"},
      {"replications", "replications: 2", "replications: ", "", "drill.replications"},
      {"launch_capacity", "launch_capacity: 1", "launch_capacity: ", "", "bases.airfields[0].runway.launch_capacity"},
      {"recovery_capacity", "recovery_capacity: 1", "recovery_capacity: ", "",
       "bases.airfields[0].runway.recovery_capacity"},
      {"fuel_points_count", "fuel_points: {count: 2", "fuel_points: {count: ", "", "bases.airfields[0].fuel_points.count"},
      {"maintenance_crews", "maintenance_crews: 2", "maintenance_crews: ", "", "bases.airfields[0].maintenance_crews"},
      {"spares_count", "spares: {count: 8", "spares: {count: ", "", "bases.airfields[0].spares.count"},
      {"spares_reorder_point", "reorder_point: 2,", "reorder_point: ", ",", "bases.airfields[0].spares.reorder_point"},
      {"spares_resupply_quantity", "resupply_quantity: 6,", "resupply_quantity: ", ",",
       "bases.airfields[0].spares.resupply_quantity"},
      {"berths", "berths: 2", "berths: ", "", "bases.ports[0].berths"},
      {"unit_count", "class: type23, start", "class: type23, count: ", ", start", "naval.units[0].count"},
      {"spares_per_repair", "spares_per_repair: 1", "spares_per_repair: ", "", "air.types[0].spares_per_repair"},
      {"squadron_count", "count: 4}", "count: ", "}", "air.squadrons[0].count"},
      {"retransmissions", "  nation: GBR\n", "  nation: GBR\n  retransmissions: ", "\n", "comms.retransmissions"},
      {"link_buffer", "bandwidth: 64 kbit/s}", "bandwidth: 64 kbit/s, buffer: ", "}", "comms.links[0].buffer"},
      {"link_overhead", "bandwidth: 64 kbit/s}", "bandwidth: 64 kbit/s, overhead: ", "}", "comms.links[0].overhead"},
      {"coverage_on_station", "on_station: 1", "on_station: ", "", "plan.tasks[2].coverage.on_station"},
  };
  std::vector<BadDrill> out;
  for (const Key& k : kKeys)
    out.push_back({std::string(k.name) + "_past_int64", k.from,
                   std::string(k.to_prefix) + "@@9223372036854775808" + k.to_suffix, k.path, "is outside ["});
  return out;
}

std::vector<BadDrill> bad_drills() {
  std::vector<BadDrill> cases = integer_overflows();
  std::vector<BadDrill> more = {
      // The file as a whole.
      {"empty_file", "", "@@", "", "the drill file is empty"},
      {"only_blank_lines", "", "@@\n\n   \n", "", "the drill file is empty"},
      {"only_a_comment", "", "@@# a drill, one day\n", "", "the drill file is empty"},
      {"binary_bytes", "", "drill:\n  name: @@\x80\x81\xfe\xff\n", "", "not valid UTF-8 (byte 0x80)"},
      {"truncated_utf8", "", "drill:\n  name: caf@@\xc3", "", "not valid UTF-8 (byte 0xC3)"},
      {"overlong_utf8", "", "drill:\n  name: @@\xc0\xaf\n", "", "not valid UTF-8 (byte 0xC0)"},
      {"nul_byte", "name: lossie\n", "name: los@@" + std::string(1, '\0') + "sie\n", "", "control character (byte 0x00)"},
      {"escape_byte", "name: Bad drill base", "name: Bad @@\x1b[31mdrill", "", "control character (byte 0x1B)"},
      {"top_level_list", "", "@@- drill\n- plan\n", "", "expected a mapping of keys to values, got a list"},
      {"top_level_scalar", "", "@@drill\n", "", "expected a mapping of keys to values"},
      {"two_documents", "plan:\n", "---\n@@plan:\n", "", "2 YAML documents"},
      // The loader reads the document count only when a text could hold
      // more than one: after a '...' line, and after a first key indented
      // (a mapping at column 2 ends at the first key at column 0).
      {"document_end_then_more", "plan:\n", "...\n@@plan:\n", "", "2 YAML documents"},
      {"indented_first_key", "", "  drill: {}\n@@plan: {}\n", "", "2 YAML documents"},
      {"stray_comma_after_document_end", "", "drill: {}\n...\n@@,\n", "", "YAML syntax error: unexpected ','"},
      // yaml-cpp 0.7's LoadAll loops without end (and without bound on
      // memory) on a ',' outside a flow collection; found by fuzzing.
      {"stray_comma", "", "@@,\n", "", "YAML syntax error: unexpected ','"},
      {"stray_comma_before_a_comment", "drill:\n  name: Bad drill base",
       "# A drill\n@@,# with a comma before this comment\ndrill:\n  name: Bad drill base", "",
       "YAML syntax error: unexpected ','"},
      {"tab_indentation", "  name: Bad drill base", "\tname@@: Bad drill base", "", "YAML syntax error"},
      {"unclosed_flow_list", "participants: [argyll], location: firth_box, deadline: D+0 12:00}",
       "participants: [argyll, location: firth_box, deadline: D+0 12:00@@}", "",
       "YAML syntax error"},
      {"unclosed_quote", "until: D+0 16:00}\n", "until: \"D+0 16:00}\n@@", "", "YAML syntax error"},
      {"deep_nested_lists", "", deep_lists(), "", "YAML syntax error"},
      {"deep_nested_maps", "", deep_maps(), "", "YAML syntax error"},
      {"alias_bomb", "", alias_bomb(), "lol0", "unknown key 'lol0'"},
      {"merge_key", "  seed: 7", "  @@<<: {seed: 8}", "drill.<<", "unknown key '<<'"},
      {"list_as_key", "  seed: 7", "  ? @@[a, b]\n  : 7", "drill", "keys must be plain names"},
      {"very_long_key", "  seed: 7", "  " + std::string(2000, 'k') + "@@: 7", "", "YAML syntax error"},
      {"missing_drill_section", "drill:\n  name", "@@drilll:\n  name", "drilll", "unknown key 'drilll'"},
      {"unknown_section", "naval:\n", "@@navel: {}\nnaval:\n", "navel", "did you mean"},
      {"duplicate_section", "plan:\n", "@@naval: {}\nplan:\n", "naval", "duplicate key 'naval'"},

      // drill:
      {"horizon_nan", "horizon: 2d", "horizon: @@.nan", "drill.horizon", "expected a duration"},
      {"horizon_infinite", "horizon: 2d", "horizon: @@.inf", "drill.horizon", "expected a duration"},
      {"horizon_huge_exponent", "horizon: 2d", "horizon: @@1e308d", "drill.horizon", "expected a duration"},
      {"horizon_negative", "horizon: 2d", "horizon: @@-2d", "drill.horizon", "must be positive"},
      {"horizon_zero", "horizon: 2d", "horizon: @@0d", "drill.horizon", "must be positive"},
      {"horizon_without_unit", "horizon: 2d", "horizon: @@2", "drill.horizon", "missing unit"},
      {"horizon_wrong_unit", "horizon: 2d", "horizon: @@2 kn", "drill.horizon", "expected a duration"},
      {"horizon_a_list", "horizon: 2d", "horizon: @@[2d]", "drill.horizon", "got a list"},
      {"horizon_a_mapping", "horizon: 2d", "horizon: @@{days: 2}", "drill.horizon", "got a mapping"},
      {"horizon_binary_tag", "horizon: 2d", "horizon: @@!!binary aGVsbG8=", "drill.horizon", "expected a duration"},
      {"horizon_missing", "drill:\n  name: Bad drill base\n  start: \"2026-06-01 00:00Z\"\n  horizon: 2d\n",
       "drill:\n  @@name: Bad drill base\n  start: \"2026-06-01 00:00Z\"\n", "drill", "missing required key 'horizon'"},
      {"seed_negative", "seed: 7", "seed: @@-7", "drill.seed", "is outside [0, 9007199254740991]"},
      {"seed_past_2_to_53", "seed: 7", "seed: @@9007199254740992", "drill.seed", "is outside"},
      {"seed_past_64_bits", "seed: 7", "seed: @@18446744073709551616", "drill.seed", "is outside"},
      {"seed_hex", "seed: 7", "seed: @@0x10", "drill.seed", "expected a whole number"},
      {"replications_zero", "replications: 2", "replications: @@0", "drill.replications", "is outside [1, 1000000]"},
      {"replications_huge", "replications: 2", "replications: @@99999999999999999999999", "drill.replications",
       "is outside"},
      {"replications_fraction", "replications: 2", "replications: @@2.5", "drill.replications",
       "expected a whole number"},
      {"name_empty", "name: Bad drill base", "name: @@\"\"", "drill.name", "must not be empty"},
      {"name_null", "name: Bad drill base", "name: @@~", "drill.name", "got nothing"},
      {"name_very_long", "name: Bad drill base", "name: @@" + std::string(100000, 'x'), "drill.name",
       "is 100000 bytes long"},
      {"name_with_control_character", "name: Bad drill base", "name: @@\"Bad\\adrill\"", "drill.name",
       "control character (0x07)"},
      {"name_with_newline", "name: Bad drill base", "name: @@\"Bad\\ndrill\"", "drill.name",
       "control character (0x0A)"},
      {"start_invalid_date", "start: \"2026-06-01 00:00Z\"", "start: @@\"2026-13-45 99:99Z\"", "drill.start",
       "is not a valid UTC date and time"},
      {"start_february_30", "start: \"2026-06-01 00:00Z\"", "start: @@\"2026-02-30 00:00Z\"", "drill.start",
       "is not a valid UTC date and time"},
      {"start_past_year_9999", "start: \"2026-06-01 00:00Z\"", "start: @@\"9999-12-31 23:59Z\"", "drill.start",
       "past what its outputs can write"},
      {"warm_up_past_horizon", "  seed: 7\n", "  seed: 7\n  warm_up: @@3d\n", "drill.warm_up",
       "the warm-up must end before the horizon"},
      {"sample_every_one_microsecond", "  seed: 7\n", "  seed: 7\n  sample_every: @@1us\n", "drill.sample_every",
       "sampling this often would make about"},
      {"sample_every_zero", "  seed: 7\n", "  seed: 7\n  sample_every: @@0s\n", "drill.sample_every",
       "must be positive"},
      {"misspelt_key", "  seed: 7", "  @@sede: 7", "drill.sede", "did you mean 'seed'?"},
      {"duplicate_key", "  seed: 7", "  seed: 7\n  @@seed: 8", "drill.seed", "duplicate key 'seed'"},

      // geography:
      {"latitude_nan", "lat: 57.705", "lat: @@.nan", "geography.points[0].lat", "expected a number"},
      {"latitude_past_the_pole", "lat: 57.705", "lat: @@91", "geography.points[0].lat", "outside"},
      {"longitude_past_180", "lon: -3.339", "lon: @@-181", "geography.points[0].lon", "outside"},
      {"latitude_as_text", "lat: 57.705", "lat: @@north", "geography.points[0].lat", "expected a number"},
      {"latitude_overflows_double", "lat: 57.705", "lat: @@1e400", "geography.points[0].lat", "expected a plain number"},
      {"duplicate_point", "{name: northwood,", "{name: @@moray_firth,", "geography.points[2].name",
       "duplicate place name 'moray_firth'"},
      {"area_polygon_and_centre", "    - {name: firth_box, centre", "    - @@{name: firth_box, polygon: [[1, 1], [2, 2], [1, 2]], centre",
       "geography.areas[0]", "either 'polygon' or 'centre'"},
      {"polygon_of_two_vertices", "    - {name: firth_box, centre: moray_firth, radius: 25 nm}",
       "    - {name: firth_box, polygon: @@[[57, -3], [58, -3]]}", "geography.areas[0].polygon", "at least three vertices"},
      {"radius_nan", "radius: 25 nm", "radius: @@nan nm", "geography.areas[0].radius", "expected a distance"},
      {"radius_wrong_unit", "radius: 25 nm", "radius: @@25 kn", "geography.areas[0].radius", "unknown distance unit 'kn'"},
      {"radius_negative", "radius: 25 nm", "radius: @@-25 nm", "geography.areas[0].radius", "must be positive"},
      {"area_centre_unknown", "centre: moray_firth", "centre: @@moray_firht", "geography.areas[0].centre",
       "unknown point 'moray_firht'"},

      // bases:
      {"fuel_initial_over_capacity", "initial: 600 t", "initial: @@900 t", "bases.airfields[0].fuel.initial",
       "initial stock exceeds the capacity"},
      {"fuel_capacity_zero", "fuel: {capacity: 800 t", "fuel: {capacity: @@0 t", "bases.airfields[0].fuel.capacity",
       "must be positive"},
      {"fuel_capacity_exponent", "fuel: {capacity: 800 t", "fuel: {capacity: @@1e300 t", "bases.airfields[0].fuel.capacity",
       "unknown mass unit"},
      {"fuel_capacity_as_speed", "fuel: {capacity: 800 t", "fuel: {capacity: @@800 kn", "bases.airfields[0].fuel.capacity",
       "unknown mass unit 'kn'"},
      {"maintenance_crews_zero", "maintenance_crews: 2", "maintenance_crews: @@0", "bases.airfields[0].maintenance_crews",
       "is outside [1, 10000]"},
      {"maintenance_crews_past_int", "maintenance_crews: 2", "maintenance_crews: @@2147483648",
       "bases.airfields[0].maintenance_crews", "is outside [1, 10000]"},
      {"spares_negative", "spares: {count: 8", "spares: {count: @@-1", "bases.airfields[0].spares.count",
       "is outside [0, 1000000000]"},
      {"spares_past_int64", "spares: {count: 8", "spares: {count: @@9223372036854775808",
       "bases.airfields[0].spares.count", "is outside"},
      {"launch_slot_zero", "launch_slot: 2min", "launch_slot: @@0min", "bases.airfields[0].runway.launch_slot",
       "must be positive"},
      {"launch_capacity_zero", "launch_capacity: 1", "launch_capacity: @@0", "bases.airfields[0].runway.launch_capacity",
       "is outside [1, 10000]"},
      {"transfer_rate_as_speed", "transfer_rate: 40 t/h", "transfer_rate: @@40 kn", "bases.airfields[0].fuel_points.transfer_rate",
       "unknown fuel rate unit 'kn'"},
      {"berths_negative", "berths: 2", "berths: @@-3", "bases.ports[0].berths", "is outside [1, 10000]"},
      {"duplicate_base_name", "{name: rosyth,", "{name: @@lossie,", "bases.ports[0].name", "duplicate place name 'lossie'"},
      {"airfield_position_unknown", "position: lossiemouth\n", "position: @@lossiemuth\n", "bases.airfields[0].position",
       "unknown point 'lossiemuth'"},

      // naval:
      {"ship_class_unknown", "class: type23", "class: @@type45", "naval.units[0].class", "unknown ship class 'type45'"},
      {"cruise_over_max_speed", "cruise_speed: 15 kn", "cruise_speed: @@35 kn", "naval.classes[0].cruise_speed",
       "cruise speed exceeds the maximum speed"},
      {"hotel_over_burn", "hotel: 0.5 t/h", "hotel: @@9 t/h", "naval.classes[0].hotel", "hotel load exceeds"},
      {"fuel_capacity_missing",
       "    - name: type23\n      max_speed: 28 kn\n      cruise_speed: 15 kn\n      fuel_capacity: 450 t\n",
       "    - @@name: type23\n      max_speed: 28 kn\n      cruise_speed: 15 kn\n", "naval.classes[0]",
       "missing required key 'fuel_capacity'"},
      {"critical_fuel_over_100_percent", "critical_fuel: 30%", "critical_fuel: @@150%", "naval.classes[0].critical_fuel",
       "is outside [0, 1]"},
      {"unit_start_latitude_91", "start: lossiemouth,", "start: [@@91, 0],", "naval.units[0].start[0]", "latitude"},
      {"unit_start_one_number", "start: lossiemouth,", "start: @@[57],", "naval.units[0].start",
       "expected a point name or [lat, lon]"},
      {"unit_count_zero", "class: type23, start", "class: type23, count: @@0, start", "naval.units[0].count",
       "is outside [1, 10000]"},
      {"unit_count_too_many", "class: type23, start", "class: type23, count: @@10001, start", "naval.units[0].count",
       "is outside [1, 10000]"},
      {"duplicate_unit_and_squadron", "{name: ii_sqn,", "{name: @@argyll,", "air.squadrons[0].name",
       "duplicate unit or squadron name 'argyll'"},
      {"home_port_unknown", "home_port: rosyth", "home_port: @@rosith", "naval.units[0].home_port", "rosith"},

      // air:
      {"bingo_over_100_percent", "bingo: 25%", "bingo: @@150%", "air.types[0].bingo", "is outside [0, 1]"},
      {"bingo_negative", "bingo: 25%", "bingo: @@-5%", "air.types[0].bingo", "is outside [0, 1]"},
      {"mtbf_one_microsecond", "mtbf: 15h", "mtbf: @@1us", "air.types[0].mtbf", "failures this often"},
      {"mtbf_negative", "mtbf: 15h", "mtbf: @@-1h", "air.types[0].mtbf", "must be positive"},
      {"mttr_triangular_min_over_max", "mttr: \"lognormal(mean: 3h, sd: 1h)\"",
       "mttr: @@\"triangular(min: 3h, mode: 1h, max: 2h)\"", "air.types[0].mttr", "min must be less than max"},
      {"mttr_negative_mean", "mttr: \"lognormal(mean: 3h, sd: 1h)\"", "mttr: @@\"lognormal(mean: -3h, sd: 1h)\"",
       "air.types[0].mttr", "mean must be positive"},
      {"mttr_unknown_parameter", "mttr: \"lognormal(mean: 3h, sd: 1h)\"", "mttr: @@\"weibull(k: 2)\"",
       "air.types[0].mttr", "unknown parameter 'k'"},
      {"mttr_unquoted_distribution", "mttr: \"lognormal(mean: 3h, sd: 1h)\"", "mttr: lognormal(mean@@: 3h, sd: 1h)",
       "", "put a distribution in quotes"},
      {"fuel_burn_without_unit", "fuel_burn: 2.8 t/h", "fuel_burn: @@2.8", "air.types[0].fuel_burn", "missing unit"},
      {"squadron_type_unknown", "type: Typhoon,", "type: @@Tyfoon,", "air.squadrons[0].type", "did you mean 'Typhoon'?"},
      {"squadron_base_unknown", "base: lossie,", "base: @@lossy,", "air.squadrons[0].base", "unknown air base 'lossy'"},
      {"squadron_count_zero", "count: 4}", "count: @@0}", "air.squadrons[0].count", "is outside [1, 10000]"},
      {"spares_per_repair_huge", "spares_per_repair: 1", "spares_per_repair: @@5000", "air.types[0].spares_per_repair",
       "is outside [0, 1000]"},

      // comms:
      {"latency_negative", "latency: 280ms", "latency: @@-1ms", "comms.links[0].latency", "must not be negative"},
      {"latency_zero", "latency: 280ms", "latency: @@0ms", "comms.links[0].latency", "latency must be greater than zero"},
      {"bandwidth_zero", "bandwidth: 64 kbit/s", "bandwidth: @@0 kbit/s", "comms.links[0].bandwidth", "must be positive"},
      {"bandwidth_as_mass", "bandwidth: 64 kbit/s", "bandwidth: @@64 t", "comms.links[0].bandwidth",
       "unknown data rate unit 't'"},
      {"self_link_nodes", "nodes: [hq, ship], latency", "nodes: [hq, @@hq], latency", "comms.links[0].nodes[1]",
       "a link must join different nodes"},
      {"self_link_from_to", "nodes: [hq, ship], latency", "from: hq, to: @@hq, latency", "comms.links[0].to",
       "a link must join different nodes"},
      {"link_to_unknown_node", "nodes: [hq, ship], latency", "nodes: [hq, @@shipp], latency", "comms.links[0].nodes[1]",
       "unknown comms node 'shipp'"},
      {"link_of_one_node", "nodes: [hq, ship], latency", "nodes: @@[hq], latency", "comms.links[0].nodes",
       "a link joins at least two nodes"},
      {"link_kind_unknown", "kind: satellite", "kind: @@laser", "comms.links[0].kind", "unknown kind 'laser'"},
      {"loss_total", "bandwidth: 64 kbit/s}", "bandwidth: 64 kbit/s, loss: @@100%}", "comms.links[0].loss",
       "loss must be below 1"},
      {"buffer_zero", "bandwidth: 64 kbit/s}", "bandwidth: 64 kbit/s, buffer: @@0}", "comms.links[0].buffer",
       "is outside [1, 1000000]"},
      {"buffer_huge_queue", "bandwidth: 64 kbit/s}", "bandwidth: 64 kbit/s, buffer: @@1000000000}", "comms.links[0].buffer",
       "is outside [1, 1000000]"},
      {"overhead_past_16_bits", "bandwidth: 64 kbit/s}", "bandwidth: 64 kbit/s, overhead: @@70000}",
       "comms.links[0].overhead", "is outside [0, 65535]"},
      {"range_on_satellite", "bandwidth: 64 kbit/s}", "bandwidth: 64 kbit/s, range: @@20 nm}", "comms.links[0].range",
       "only radio_los links have a range"},
      {"outage_ends_before_start", "bandwidth: 64 kbit/s}",
       "bandwidth: 64 kbit/s, outages: [{from: D+1 00:00, until: @@D+0 12:00}]}", "comms.links[0].outages[0].until",
       "an outage ends after it starts"},
      {"random_outages_every_microsecond", "bandwidth: 64 kbit/s}",
       "bandwidth: 64 kbit/s, random_outages: @@{mtbf: 1us, mttr: 1us}}", "comms.links[0].random_outages",
       "random outages of 'satcom' this often"},
      {"retransmissions_huge", "  nation: GBR\n", "  nation: GBR\n  retransmissions: @@1000\n", "comms.retransmissions",
       "is outside [0, 100]"},
      {"ack_timeout_zero", "  nation: GBR\n", "  nation: GBR\n  ack_timeout: @@0s\n", "comms.ack_timeout",
       "must be positive"},
      {"report_every_one_microsecond", "report_every: 2h", "report_every: @@1us", "comms.reporting.report_every",
       "status reports this often"},
      {"contacts_per_hour_a_billion", "contacts_per_hour: 2", "contacts_per_hour: @@1000000000",
       "comms.reporting.contacts_per_hour", "contact reports at this rate"},
      {"fuel_threshold_zero", "contacts_per_hour: 2}", "contacts_per_hour: 2, fuel_thresholds: [@@0%]}",
       "comms.reporting.fuel_thresholds[0]", "a fuel threshold is a fraction above 0 and below 1"},
      {"node_host_unknown", "host: argyll}", "host: @@argyl}", "comms.nodes[1].host", "unknown unit, squadron or base 'argyl'"},
      {"node_host_and_position", "    - {name: ship, host: argyll}", "    - @@{name: ship, host: argyll, position: northwood}",
       "comms.nodes[1]", "either a 'host'"},
      {"duplicate_node", "{name: ship, host", "{name: @@hq, host", "comms.nodes[1].name", "duplicate comms node name 'hq'"},
      {"logistics_cell_off_the_network", "logistics_cell: hq", "logistics_cell: @@nowhere", "comms.logistics_cell",
       "unknown comms node 'nowhere'"},
      {"headquarters_not_boolean", "headquarters: true", "headquarters: @@yes", "comms.nodes[0].headquarters",
       "expected true or false"},
      {"node_without_nation", "  nation: GBR\n  logistics_cell: hq\n  reporting: {report_every: 2h, contacts_per_hour: 2}\n  nodes:\n    - {name: hq",
       "  logistics_cell: hq\n  reporting: {report_every: 2h, contacts_per_hour: 2}\n  nodes:\n    - @@{name: hq",
       "comms.nodes[0]", "missing required key 'nation'"},
      {"relay_policy_unknown", "  nation: GBR\n", "  nation: GBR\n  relay_policy: @@flood\n", "comms.relay_policy",
       "unknown relay_policy 'flood'"},

      // plan:
      {"dependency_cycle", "deadline: D+0 12:00}\n    - {name: firth_patrol, phase: day_one, kind: patrol, participants: argyll, location: firth_box, depends_on: [reach_firth]}",
       "deadline: D+0 12:00, depends_on: [firth_patrol]}\n    - {name: firth_patrol, phase: day_one, kind: patrol, participants: argyll, location: firth_box, depends_on: [@@reach_firth]}",
       "plan.tasks[1].depends_on[0]", "task dependency cycle: reach_firth -> firth_patrol -> reach_firth"},
      {"depends_on_itself", "depends_on: [reach_firth]", "depends_on: [@@firth_patrol]", "plan.tasks[1].depends_on[0]",
       "depends on itself"},
      {"depends_on_unknown", "depends_on: [reach_firth]", "depends_on: [@@reach_frith]", "plan.tasks[1].depends_on[0]",
       "unknown task 'reach_frith'"},
      {"participant_unknown", "participants: [argyll]", "participants: [@@ghost]", "plan.tasks[0].participants[0]",
       "unknown unit or squadron 'ghost'"},
      {"participants_empty", "participants: [argyll]", "participants: @@[]", "plan.tasks[0].participants",
       "at least one participant"},
      {"participants_missing", "- {name: reach_firth, phase: day_one, kind: transit, participants: [argyll], ",
       "- @@{name: reach_firth, phase: day_one, kind: transit, ", "plan.tasks[0]",
       "missing required key 'participants'"},
      {"participant_name_with_newline", "participants: [argyll]", "participants: [@@\"argyll\\n\"]",
       "plan.tasks[0].participants[0]", "control character (0x0A)"},
      {"task_kind_unknown", "kind: transit", "kind: @@bombing", "plan.tasks[0].kind", "unknown kind 'bombing'"},
      {"location_unknown", "location: firth_box, deadline", "location: @@nowhere, deadline", "plan.tasks[0].location",
       "unknown location 'nowhere'"},
      {"deadline_before_start", "deadline: D+0 12:00", "deadline: @@D-1 12:00", "plan.tasks[0].deadline",
       "task window is empty"},
      {"coverage_ends_before_it_starts", "from: D+0 08:00, until: D+0 16:00", "from: D+0 16:00, until: @@D+0 08:00",
       "plan.tasks[2].coverage.until", "before it starts"},
      {"coverage_more_aircraft_than_exist", "on_station: 1", "on_station: @@5", "plan.tasks[2].coverage.on_station",
       "the participating squadrons have 4"},
      {"coverage_outside_the_window", "coverage: {on_station: 1, from: D+0 08:00, until: D+0 16:00}",
       "coverage: @@{on_station: 1, from: D+0 08:00, until: D+9 16:00}", "plan.tasks[2].coverage",
       "lies outside the task window"},
      {"phase_ends_before_start", "start: D+0 00:00, end: D+2 00:00}", "start: D+3 00:00, end: @@D+2 00:00}",
       "plan.phases[0].end", "before it starts"},
      {"phase_past_horizon", "start: D+0 00:00, end: D+2 00:00}", "start: D+0 00:00, end: @@D+3 00:00}",
       "plan.phases[0].end", "phase ends after the drill horizon"},
      {"duplicate_phase", "    - {name: day_one, start", "    - {name: day_one, start: D+0 00:00, end: D+1 00:00}\n    - {name: @@day_one, start",
       "plan.phases[1].name", "duplicate phase name 'day_one'"},
      {"duplicate_task", "{name: firth_patrol,", "{name: @@reach_firth,", "plan.tasks[1].name",
       "duplicate task name 'reach_firth'"},
      {"sorties_per_day_a_billion", "location: firth_box\n", "location: firth_box\n      sorties_per_day: @@1000000000\n",
       "plan.tasks[2].sorties_per_day", "sorties at this rate"},
      {"time_without_day", "deadline: D+0 12:00", "deadline: @@12:00", "plan.tasks[0].deadline",
       "expected a time relative to the drill start"},
  };
  cases.insert(cases.end(), more.begin(), more.end());
  return cases;
}

std::vector<BadDrill> warned_drills() {
  return {
      {"links_empty", "  links:\n    - {name: satcom, kind: satellite, nodes: [hq, ship], latency: 280ms, bandwidth: 64 kbit/s}",
       "  links: @@[]", "comms.links", "no links: no message between two nodes can be delivered"},
      {"latency_a_million_days", "latency: 280ms", "latency: @@1000000d", "comms.links[0].latency",
       "nothing sent over 'satcom' arrives before the end"},
      {"latency_the_whole_drill", "latency: 280ms", "latency: @@2d", "comms.links[0].latency",
       "is not shorter than the drill"},
      {"reorder_point_below_a_full_load", "reorder_point: 200 t", "reorder_point: @@1 t",
       "bases.airfields[0].fuel.reorder_point",
       "the stock runs dry before it reorders"},
  };
}

}  // namespace drill::tests
