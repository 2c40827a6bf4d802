#include "core/metrics/entity.hpp"

#include <stdexcept>

namespace drill::core::metrics {

std::string_view to_string(EntityKind kind) noexcept {
  switch (kind) {
    case EntityKind::unit: return "unit";
    case EntityKind::squadron: return "squadron";
    case EntityKind::base: return "base";
    case EntityKind::resource: return "resource";
    case EntityKind::stock: return "stock";
    case EntityKind::task: return "task";
    case EntityKind::link: return "link";
    case EntityKind::node: return "node";
    case EntityKind::nation: return "nation";
    case EntityKind::flow: return "flow";
  }
  return "unknown";
}

std::uint32_t NameTable::add(EntityKind kind, std::string_view name) {
  if (name.empty()) throw std::invalid_argument("an entity of kind '" + std::string(to_string(kind)) + "' needs a name");
  auto& names = names_[index(kind)];
  const auto id = static_cast<std::uint32_t>(names.size());
  const auto [it, inserted] = by_name_[index(kind)].emplace(std::string(name), id);
  if (!inserted)
    throw std::invalid_argument("two entities of kind '" + std::string(to_string(kind)) + "' are named '" +
                                std::string(name) + "'");
  names.emplace_back(name);
  return id;
}

std::optional<std::uint32_t> NameTable::find(EntityKind kind, std::string_view name) const {
  const auto& map = by_name_[index(kind)];
  const auto it = map.find(std::string(name));
  if (it == map.end()) return std::nullopt;
  return it->second;
}

const std::string& NameTable::name(EntityRef e) const {
  const auto& names = names_[index(e.kind)];
  if (e.index >= names.size())
    throw std::out_of_range("no entity of kind '" + std::string(to_string(e.kind)) + "' with id " +
                            std::to_string(e.index));
  return names[e.index];
}

}  // namespace drill::core::metrics
