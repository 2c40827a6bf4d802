#include "core/metrics/entity.hpp"

#include <algorithm>
#include <stdexcept>

namespace drill::core::metrics {

KindTable::KindTable(std::span<const std::string_view> names) {
  if (names.size() > kMaxKinds)
    throw std::invalid_argument("at most " + std::to_string(kMaxKinds) + " kinds of entity, given " +
                                std::to_string(names.size()));
  auto list = std::make_shared<std::vector<std::string>>();
  list->reserve(names.size());
  for (std::string_view n : names) {
    if (n.empty()) throw std::invalid_argument("kind of entity " + std::to_string(list->size()) + " needs a name");
    if (std::find(list->begin(), list->end(), n) != list->end())
      throw std::invalid_argument("two kinds of entity are named '" + std::string(n) + "'");
    list->emplace_back(n);
  }
  names_ = std::move(list);
}

const std::string& KindTable::name(EntityKind kind) const {
  if (!contains(kind))
    throw std::out_of_range("no kind of entity number " + std::to_string(kind.value) + " (the table has " +
                            std::to_string(size()) + ")");
  return (*names_)[kind.value];
}

std::optional<EntityKind> KindTable::find(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < size(); ++i)
    if ((*names_)[i] == name) return kind(i);
  return std::nullopt;
}

NameTable::NameTable(KindTable kinds)
    : kinds_(std::move(kinds)), names_(kinds_.size()), by_name_(kinds_.size()) {}

std::size_t NameTable::index(EntityKind kind) const {
  kinds_.name(kind);  // throws for a kind the table does not have
  return kind.value;
}

std::uint32_t NameTable::add(EntityKind kind, std::string_view name) {
  const std::size_t k = index(kind);
  if (name.empty()) throw std::invalid_argument("an entity of kind '" + kinds_.name(kind) + "' needs a name");
  auto& names = names_[k];
  const auto id = static_cast<std::uint32_t>(names.size());
  const auto [it, inserted] = by_name_[k].emplace(std::string(name), id);
  if (!inserted)
    throw std::invalid_argument("two entities of kind '" + kinds_.name(kind) + "' are named '" + std::string(name) +
                                "'");
  names.emplace_back(name);
  return id;
}

std::optional<std::uint32_t> NameTable::find(EntityKind kind, std::string_view name) const {
  const auto& map = by_name_[index(kind)];
  const auto it = map.find(name);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

const std::string& NameTable::name(EntityRef e) const {
  const auto& names = names_[index(e.kind)];
  if (e.index >= names.size())
    throw std::out_of_range("no entity of kind '" + kinds_.name(e.kind) + "' with id " + std::to_string(e.index));
  return names[e.index];
}

}  // namespace drill::core::metrics
