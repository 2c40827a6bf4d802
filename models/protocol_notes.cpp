#include "models/protocol_notes.hpp"

#include "core/time.hpp"

namespace drill::models {

namespace {

const scenario::CommsNode* node_hosted_by(const scenario::Comms& c, const std::string& host) {
  for (const auto& n : c.nodes)
    if (n.host == host) return &n;
  return nullptr;
}

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

}  // namespace

std::vector<std::string> protocol_notes(const scenario::DrillSpec& spec) {
  std::vector<std::string> notes;
  const scenario::Comms& c = spec.comms;
  const auto& r = c.reporting;
  std::string reporting = r.report_every > core::Duration::zero()
                              ? "status reports every " + core::format(r.report_every)
                              : std::string("no scheduled status reports");
  if (!r.fuel_thresholds.empty()) reporting += " and on fuel thresholds";
  if (!c.simulated()) {
    notes.push_back("logistics protocol: ideal transport (no comms section): every report, request and order "
                    "reaches its addressee at the instant it is sent; " + reporting +
                    "; a status when an oiler is free and after a ship takes fuel");
    return notes;
  }
  notes.push_back("logistics protocol: over the network, logistics cell at node '" + c.logistics_cell + "'; " +
                  reporting);
  std::vector<std::string> on, off;
  for (const auto& u : spec.naval.units) {
    const auto* n = node_hosted_by(c, u.name);
    if (!n) {
      off.push_back(u.name);
      continue;
    }
    std::string s = u.name + " (" + n->name;
    if (u.count > 1) s += "-1.." + n->name + "-" + std::to_string(u.count) + ", one per ship";
    on.push_back(s + ")");
  }
  for (const auto& sq : spec.air.squadrons) {
    if (const auto* n = node_hosted_by(c, sq.name))
      on.push_back(sq.name + " (" + n->name + ")");
    else
      off.push_back(sq.name);
  }
  notes.push_back("on the network: " + list(on));
  notes.push_back("ideal delivery to and from the logistics cell (not a node): " + list(off));
  return notes;
}

}  // namespace drill::models
