#include <gtest/gtest.h>

#include <stdexcept>
#include <type_traits>

#include "core/metrics/entity.hpp"

namespace drill::core::metrics {
namespace {

TEST(NameTable, IdsAreDensePerKindAndNameTheirEntity) {
  NameTable names;
  const UnitId a = names.add<EntityKind::unit>("HMS Argyll");
  const UnitId b = names.add<EntityKind::unit>("FGS Hamburg");
  const BaseId lossie = names.add<EntityKind::base>("lossie");
  EXPECT_EQ(a.index(), 0u);
  EXPECT_EQ(b.index(), 1u);
  EXPECT_EQ(lossie.index(), 0u);
  EXPECT_EQ(names.name(b), "FGS Hamburg");
  EXPECT_EQ(names.name(lossie), "lossie");
  EXPECT_EQ(names.size(EntityKind::unit), 2u);
  EXPECT_EQ(names.find<EntityKind::unit>("HMS Argyll"), a);
  EXPECT_FALSE(names.find<EntityKind::base>("HMS Argyll").has_value());
}

TEST(NameTable, RejectsADuplicateNameWithinAKindButNotAcrossKinds) {
  NameTable names;
  names.add<EntityKind::unit>("lossie");
  EXPECT_THROW(names.add<EntityKind::unit>("lossie"), std::invalid_argument);
  EXPECT_NO_THROW(names.add<EntityKind::base>("lossie"));
  EXPECT_THROW(names.add<EntityKind::task>(""), std::invalid_argument);
}

TEST(NameTable, InternReturnsTheExistingId) {
  NameTable names;
  const ResourceId r1 = names.intern<EntityKind::resource>("launch");
  const ResourceId r2 = names.intern<EntityKind::resource>("launch");
  EXPECT_EQ(r1, r2);
  EXPECT_EQ(names.size(EntityKind::resource), 1u);
}

TEST(NameTable, AnIdFromNowhereIsRejectedWhenNamed) {
  NameTable names;
  EXPECT_THROW(names.name(UnitId(3)), std::out_of_range);
}

TEST(EntityId, KindsDoNotConvertIntoEachOther) {
  static_assert(!std::is_convertible_v<UnitId, BaseId>);
  static_assert(!std::is_convertible_v<std::uint32_t, UnitId>);
  static_assert(std::is_convertible_v<UnitId, EntityRef>);
  const EntityRef r = SquadronId(2);
  EXPECT_EQ(r.kind, EntityKind::squadron);
  EXPECT_EQ(r.index, 2u);
}

}  // namespace
}  // namespace drill::core::metrics
