// Entities and the one table of their names.
//
// Everything a measure, a trace record or (later) a message names is an entity
// of a closed set of kinds (a unit, a squadron, a base, ...). Each gets a
// typed id, `EntityId<Kind>`, dense from zero within its kind, so a `UnitId`
// cannot be passed where a `BaseId` is meant, and a label, a trace record and
// a message all name a unit through the same id and therefore the same text.
// Ids are handed out at build time by `NameTable`; at run time they are
// compared and copied as the 32-bit integers they are, and names are only
// looked up when output is written. Name look-up (`find`) is for set-up.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace drill::core::metrics {

/// The kinds of entity that labels, traces and messages refer to. The order
/// is the order of label columns in every tabular output; append new kinds.
enum class EntityKind : std::uint8_t {
  unit,      // a ship or an aircraft
  squadron,
  base,      // airfield, carrier, port
  resource,  // a capacity resource at a base (runway, berth, crew)
  stock,     // a fuel or spares stock
  task,      // a task of the drill plan
  link,      // a comms link
  node,      // a comms node
  nation,
  flow,      // a message flow type
};
inline constexpr std::size_t kEntityKindCount = 10;
inline constexpr std::array<EntityKind, kEntityKindCount> kAllEntityKinds = {
    EntityKind::unit, EntityKind::squadron, EntityKind::base, EntityKind::resource, EntityKind::stock,
    EntityKind::task, EntityKind::link,     EntityKind::node, EntityKind::nation,   EntityKind::flow};

/// The label name of a kind: `unit`, `squadron`, ... (snake_case, stable).
std::string_view to_string(EntityKind kind) noexcept;

/// An entity of any kind: what a label value or a trace field holds.
struct EntityRef {
  EntityKind kind = EntityKind::unit;
  std::uint32_t index = 0;
  friend constexpr auto operator<=>(const EntityRef&, const EntityRef&) = default;
};

/// An entity of kind `K`: converts to `EntityRef`, never from another kind.
template <EntityKind K>
class EntityId {
 public:
  static constexpr EntityKind kind = K;
  constexpr EntityId() noexcept = default;
  constexpr explicit EntityId(std::uint32_t index) noexcept : index_(index) {}
  constexpr std::uint32_t index() const noexcept { return index_; }
  constexpr operator EntityRef() const noexcept { return EntityRef{K, index_}; }
  friend constexpr auto operator<=>(const EntityId&, const EntityId&) = default;

 private:
  std::uint32_t index_ = 0;
};

using UnitId = EntityId<EntityKind::unit>;
using SquadronId = EntityId<EntityKind::squadron>;
using BaseId = EntityId<EntityKind::base>;
using ResourceId = EntityId<EntityKind::resource>;
using StockId = EntityId<EntityKind::stock>;
using TaskId = EntityId<EntityKind::task>;
using LinkId = EntityId<EntityKind::link>;
using NodeId = EntityId<EntityKind::node>;
using NationId = EntityId<EntityKind::nation>;
using FlowId = EntityId<EntityKind::flow>;

/// Names of every entity of a run, per kind. Built while the model is built;
/// read-only afterwards. Names are unique within a kind.
class NameTable {
 public:
  /// Registers a new entity; throws std::invalid_argument if the name is
  /// empty or already used by an entity of the same kind.
  template <EntityKind K>
  EntityId<K> add(std::string_view name) {
    return EntityId<K>(add(K, name));
  }
  /// The id of `name`, registering it first if it is new (for values that
  /// many owners share, such as a resource kind present at every base).
  template <EntityKind K>
  EntityId<K> intern(std::string_view name) {
    if (auto found = find(K, name)) return EntityId<K>(*found);
    return EntityId<K>(add(K, name));
  }
  template <EntityKind K>
  std::optional<EntityId<K>> find(std::string_view name) const {
    if (auto found = find(K, name)) return EntityId<K>(*found);
    return std::nullopt;
  }

  std::uint32_t add(EntityKind kind, std::string_view name);
  std::optional<std::uint32_t> find(EntityKind kind, std::string_view name) const;
  /// The name of `e`; `e` must have come from this table.
  const std::string& name(EntityRef e) const;
  std::size_t size(EntityKind kind) const noexcept { return names_[index(kind)].size(); }

 private:
  static constexpr std::size_t index(EntityKind k) noexcept { return static_cast<std::size_t>(k); }
  std::array<std::vector<std::string>, kEntityKindCount> names_;
  std::array<std::unordered_map<std::string, std::uint32_t>, kEntityKindCount> by_name_;
};

}  // namespace drill::core::metrics
