// The drill's kinds of entity, their names and their typed ids.
//
// The collector in core/ names no kinds (core/metrics/entity.hpp); the drill
// declares them here: each kind is a constant (`kind::unit`), each has a
// typed id (`UnitId`, ...; units have two more, `ShipId` and `AircraftId`),
// and `entity_kinds()` is the table that names them for a collector
// (`Collector collector(entity_kinds(), start)`). The
// names are what labels, summaries, traces and the dashboard data show
// (`unit:HMS Argyll`), so they are stable; the order is the order of label
// columns in every tabular output, so new kinds are appended. Everything
// here is a constant; `entity_kinds()` makes a new table at each call (a few
// short strings), so no state is shared between runs.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "core/metrics/entity.hpp"

namespace drill::models {

/// The drill's kinds of entity.
namespace kind {
inline constexpr core::metrics::EntityKind unit{0};      // a ship or an aircraft
inline constexpr core::metrics::EntityKind squadron{1};
inline constexpr core::metrics::EntityKind base{2};      // airfield, carrier, port
inline constexpr core::metrics::EntityKind resource{3};  // a capacity resource at a base (runway, berth, crew)
inline constexpr core::metrics::EntityKind stock{4};     // a fuel or spares stock
inline constexpr core::metrics::EntityKind task{5};      // a task of the drill plan
inline constexpr core::metrics::EntityKind link{6};      // a comms link
inline constexpr core::metrics::EntityKind node{7};      // a comms node
inline constexpr core::metrics::EntityKind nation{8};
inline constexpr core::metrics::EntityKind flow{9};      // a message flow type
}  // namespace kind

inline constexpr std::size_t kEntityKindCount = 10;
/// Every kind, in order.
inline constexpr std::array<core::metrics::EntityKind, kEntityKindCount> kEntityKinds = {
    kind::unit, kind::squadron, kind::base, kind::resource, kind::stock,
    kind::task, kind::link,     kind::node, kind::nation,   kind::flow};
/// The kinds' names, by kind value (snake_case, stable).
inline constexpr std::array<std::string_view, kEntityKindCount> kEntityKindNames = {
    "unit", "squadron", "base", "resource", "stock", "task", "link", "node", "nation", "flow"};

/// The drill's kinds as the table a collector takes.
inline core::metrics::KindTable entity_kinds() { return core::metrics::KindTable(kEntityKindNames); }

using UnitId = core::metrics::EntityId<kind::unit>;  // a ship or an aircraft
/// Ships and aircraft are both units (one name space, `unit:NAME` in labels
/// and records) but each has its own id type; both widen to `UnitId`.
struct ShipRole;
struct AircraftRole;
using ShipId = core::metrics::EntityId<kind::unit, ShipRole>;
using AircraftId = core::metrics::EntityId<kind::unit, AircraftRole>;
static_assert(!std::is_convertible_v<ShipId, AircraftId> && !std::is_convertible_v<AircraftId, ShipId>);
static_assert(std::is_convertible_v<ShipId, UnitId> && std::is_convertible_v<AircraftId, UnitId>);
using SquadronId = core::metrics::EntityId<kind::squadron>;
using BaseId = core::metrics::EntityId<kind::base>;
using ResourceId = core::metrics::EntityId<kind::resource>;
using StockId = core::metrics::EntityId<kind::stock>;
using TaskId = core::metrics::EntityId<kind::task>;
using LinkId = core::metrics::EntityId<kind::link>;
using NodeId = core::metrics::EntityId<kind::node>;
using NationId = core::metrics::EntityId<kind::nation>;
using FlowId = core::metrics::EntityId<kind::flow>;

namespace detail {
constexpr bool kinds_are_numbered_in_order() {
  for (std::size_t i = 0; i < kEntityKindCount; ++i)
    if (kEntityKinds[i].value != i) return false;
  return true;
}
}  // namespace detail
static_assert(detail::kinds_are_numbered_in_order(), "kEntityKinds[i] is kind number i, named kEntityKindNames[i]");

}  // namespace drill::models
