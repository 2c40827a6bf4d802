// Entities, their kinds, and the one table of their names.
//
// Everything a measure, a trace record or a message names is an entity of
// one of a closed set of kinds. Core names no kind: a kind is an opaque small
// number, `EntityKind`, and the model that uses the collector declares its
// kinds and their names (the drill's are in models/entity_kinds.hpp) and
// hands them over as a `KindTable` when it makes the collector or a
// `NameTable`. Each entity gets a typed id, `EntityId<Kind>`, dense from
// zero within its kind, so an id of one kind cannot be passed where another
// kind's is meant, and a label, a trace record and a message all name an
// entity through the same id and therefore the same text. Ids are handed out
// at build time by `NameTable`; at run time they are compared and copied as
// the 32-bit integers they are, and names are only looked up when output is
// written. Name look-up (`find`) is for set-up.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace drill::core::metrics {

/// A kind of entity: its position in the model's `KindTable`. A structural
/// type, so a kind constant can be a template argument (`EntityId<K>`);
/// kinds compare by position, which is also the order of label columns in
/// every tabular output.
struct EntityKind {
  std::uint8_t value = 0;
  friend constexpr auto operator<=>(const EntityKind&, const EntityKind&) = default;
};

/// The names of a model's kinds: kind k is called `name(k)`, the name that
/// labels and outputs show (snake_case by convention, stable). Immutable;
/// copies share one list, so a catalog or a name table may keep a copy.
class KindTable {
 public:
  static constexpr std::size_t kMaxKinds = 256;  // EntityKind holds 8 bits

  /// No kinds at all.
  KindTable() = default;
  /// Kind k is names[k]. Throws std::invalid_argument if a name is empty or
  /// repeated, or if there are more than kMaxKinds.
  explicit KindTable(std::span<const std::string_view> names);
  KindTable(std::initializer_list<std::string_view> names)
      : KindTable(std::span<const std::string_view>(names.begin(), names.size())) {}

  std::size_t size() const noexcept { return names_ ? names_->size() : 0; }
  bool contains(EntityKind kind) const noexcept { return kind.value < size(); }
  /// The name of `kind`; throws std::out_of_range if the table has no such kind.
  const std::string& name(EntityKind kind) const;
  std::optional<EntityKind> find(std::string_view name) const noexcept;
  /// Kind number `i` (i < size()), for walking every kind in order.
  EntityKind kind(std::size_t i) const noexcept { return EntityKind{static_cast<std::uint8_t>(i)}; }

  /// The same names in the same order (tables that share their list compare
  /// in constant time).
  friend bool operator==(const KindTable& a, const KindTable& b) noexcept {
    if (a.names_ == b.names_) return true;
    return a.size() == b.size() && (a.size() == 0 || *a.names_ == *b.names_);
  }

 private:
  std::shared_ptr<const std::vector<std::string>> names_;
};

/// An entity of any kind: what a label value or a trace field holds.
struct EntityRef {
  EntityKind kind{};
  std::uint32_t index = 0;
  friend constexpr auto operator<=>(const EntityRef&, const EntityRef&) = default;
};

/// An entity of kind `K`: converts to `EntityRef`, never from another kind.
/// A model declares one alias per kind (`using UnitId = EntityId<kind::unit>`).
/// A `Role` gives one kind several id types that do not mix: two roles of a
/// kind share its names and labels, each widens to the kind's plain id
/// (`EntityId<K>`), and neither converts to the other.
template <EntityKind K, class Role = void>
class EntityId {
 public:
  static constexpr EntityKind kind = K;
  constexpr EntityId() noexcept = default;
  constexpr explicit EntityId(std::uint32_t index) noexcept : index_(index) {}
  /// A role's id from the kind's plain id (the caller knows the role).
  template <class Plain>
    requires(!std::is_void_v<Role> && std::is_same_v<Plain, EntityId<K>>)
  constexpr explicit EntityId(Plain plain) noexcept : index_(plain.index()) {}
  constexpr std::uint32_t index() const noexcept { return index_; }
  constexpr operator EntityRef() const noexcept { return EntityRef{K, index_}; }
  /// A role's id widens to the kind's plain id.
  template <class Plain>
    requires(!std::is_void_v<Role> && std::is_same_v<Plain, EntityId<K>>)
  constexpr operator Plain() const noexcept {
    return Plain(index_);
  }
  friend constexpr auto operator<=>(const EntityId&, const EntityId&) = default;

 private:
  std::uint32_t index_ = 0;
};

/// Names of every entity of a run, per kind of its `KindTable`. Built while
/// the model is built; read-only afterwards. Names are unique within a kind.
class NameTable {
 public:
  /// A table of no kinds (to assign a real one to later).
  NameTable() = default;
  explicit NameTable(KindTable kinds);

  const KindTable& kinds() const noexcept { return kinds_; }

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

  /// These throw std::out_of_range for a kind the kind table does not have.
  std::uint32_t add(EntityKind kind, std::string_view name);
  std::optional<std::uint32_t> find(EntityKind kind, std::string_view name) const;
  /// The name of `e`; `e` must have come from this table.
  const std::string& name(EntityRef e) const;
  /// Entities of `kind` (0 for a kind the table does not have).
  std::size_t size(EntityKind kind) const noexcept {
    return kinds_.contains(kind) ? names_[kind.value].size() : 0;
  }

 private:
  std::size_t index(EntityKind kind) const;  // throws for a kind not in kinds_

  KindTable kinds_;
  std::vector<std::vector<std::string>> names_;  // by kind
  // Looked up by a string_view without making a std::string of it.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const noexcept { return std::hash<std::string_view>{}(name); }
  };
  using IdsByName = std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>>;
  std::vector<IdsByName> by_name_;  // by kind
};

}  // namespace drill::core::metrics
