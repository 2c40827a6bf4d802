#include <gtest/gtest.h>

#include <array>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/metrics/entity.hpp"
#include "tests/core/metrics/test_kinds.hpp"

namespace drill::core::metrics {
namespace {

using test_kinds::MachineId;
using test_kinds::PartId;
using test_kinds::SiteId;
namespace k = test_kinds;

TEST(KindTable, NamesTheKindsItWasGivenInOrder) {
  const KindTable kinds = k::table();
  EXPECT_EQ(kinds.size(), 3u);
  EXPECT_EQ(kinds.name(k::machine), "machine");
  EXPECT_EQ(kinds.name(k::part), "part");
  EXPECT_EQ(kinds.kind(1), k::site);
  EXPECT_EQ(kinds.find("site"), k::site);
  EXPECT_FALSE(kinds.find("unit").has_value());
  EXPECT_TRUE(kinds.contains(k::part));
  EXPECT_FALSE(kinds.contains(EntityKind{3}));
  EXPECT_THROW(kinds.name(EntityKind{3}), std::out_of_range);
  EXPECT_EQ(KindTable().size(), 0u);
}

TEST(KindTable, RejectsAnEmptyOrRepeatedName) {
  EXPECT_THROW((KindTable{"machine", ""}), std::invalid_argument);
  EXPECT_THROW((KindTable{"machine", "site", "machine"}), std::invalid_argument);
  std::array<std::string_view, KindTable::kMaxKinds + 1> too_many;
  std::array<std::string, KindTable::kMaxKinds + 1> names;
  for (std::size_t i = 0; i < names.size(); ++i) too_many[i] = names[i] = "k" + std::to_string(i);
  EXPECT_THROW(KindTable{too_many}, std::invalid_argument);
  EXPECT_NO_THROW(KindTable(std::span<const std::string_view>(too_many.data(), KindTable::kMaxKinds)));
}

TEST(KindTable, CopiesShareTheNames) {
  const KindTable a = k::table();
  const KindTable b = a;
  EXPECT_EQ(&a.name(k::site), &b.name(k::site));
}

TEST(NameTable, IdsAreDensePerKindAndNameTheirEntity) {
  NameTable names(k::table());
  const MachineId a = names.add<k::machine>("lathe");
  const MachineId b = names.add<k::machine>("press");
  const SiteId north = names.add<k::site>("north");
  EXPECT_EQ(a.index(), 0u);
  EXPECT_EQ(b.index(), 1u);
  EXPECT_EQ(north.index(), 0u);
  EXPECT_EQ(names.name(b), "press");
  EXPECT_EQ(names.name(north), "north");
  EXPECT_EQ(names.size(k::machine), 2u);
  EXPECT_EQ(names.find<k::machine>("lathe"), a);
  EXPECT_FALSE(names.find<k::site>("lathe").has_value());
  EXPECT_EQ(names.kinds().name(k::site), "site");
}

TEST(NameTable, RejectsADuplicateNameWithinAKindButNotAcrossKinds) {
  NameTable names(k::table());
  names.add<k::machine>("north");
  EXPECT_THROW(names.add<k::machine>("north"), std::invalid_argument);
  EXPECT_NO_THROW(names.add<k::site>("north"));
  EXPECT_THROW(names.add<k::part>(""), std::invalid_argument);
}

TEST(NameTable, ErrorsNameTheKindAsItWasRegistered) {
  NameTable names(KindTable{"widget"});
  names.add<EntityKind{0}>("w1");
  try {
    names.add<EntityKind{0}>("w1");
    FAIL() << "a duplicate name was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "two entities of kind 'widget' are named 'w1'");
  }
}

TEST(NameTable, AKindTheTableDoesNotHaveIsRejected) {
  NameTable names(KindTable{"machine"});
  EXPECT_THROW(names.add<k::site>("north"), std::out_of_range);
  EXPECT_THROW(names.find<k::site>("north"), std::out_of_range);
  EXPECT_THROW(names.name(SiteId(0)), std::out_of_range);
  EXPECT_EQ(names.size(k::site), 0u);
  EXPECT_EQ(NameTable().size(k::machine), 0u);
}

TEST(NameTable, InternReturnsTheExistingId) {
  NameTable names(k::table());
  const PartId r1 = names.intern<k::part>("bearing");
  const PartId r2 = names.intern<k::part>("bearing");
  EXPECT_EQ(r1, r2);
  EXPECT_EQ(names.size(k::part), 1u);
}

TEST(NameTable, AnIdFromNowhereIsRejectedWhenNamed) {
  NameTable names(k::table());
  EXPECT_THROW(names.name(MachineId(3)), std::out_of_range);
}

TEST(EntityId, KindsDoNotConvertIntoEachOther) {
  static_assert(!std::is_convertible_v<MachineId, SiteId>);
  static_assert(!std::is_convertible_v<std::uint32_t, MachineId>);
  static_assert(std::is_convertible_v<MachineId, EntityRef>);
  static_assert(MachineId::kind == k::machine);
  const EntityRef r = SiteId(2);
  EXPECT_EQ(r.kind, k::site);
  EXPECT_EQ(r.index, 2u);
}

// Two roles of one kind (as a drill's ships and aircraft are both units):
// each widens to the kind's plain id, neither converts to the other, and
// both name their entity under the kind's names.
struct LatheRole;
struct PressRole;
using LatheId = EntityId<k::machine, LatheRole>;
using PressId = EntityId<k::machine, PressRole>;

TEST(EntityId, RolesOfAKindWidenToItsIdButNotIntoEachOther) {
  static_assert(!std::is_convertible_v<LatheId, PressId>);
  static_assert(!std::is_constructible_v<LatheId, PressId>);
  static_assert(std::is_convertible_v<LatheId, MachineId>);
  static_assert(!std::is_convertible_v<MachineId, LatheId>);  // only explicitly
  static_assert(std::is_constructible_v<LatheId, MachineId>);
  static_assert(!std::is_convertible_v<LatheId, SiteId>);
  static_assert(std::is_convertible_v<LatheId, EntityRef>);
  NameTable names(k::table());
  const LatheId lathe{names.add<k::machine>("lathe")};
  const PressId press{names.add<k::machine>("press")};
  const MachineId plain = press;
  EXPECT_EQ(plain.index(), 1u);
  EXPECT_EQ(names.name(lathe), "lathe");
  EXPECT_EQ(names.name(press), "press");
  const EntityRef r = lathe;
  EXPECT_EQ(r.kind, k::machine);
  EXPECT_EQ(r.index, 0u);
}

}  // namespace
}  // namespace drill::core::metrics
