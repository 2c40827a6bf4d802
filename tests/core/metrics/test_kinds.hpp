// Kinds of entity for the collector's own tests. They are not the drill's
// (models/entity_kinds.hpp): core/metrics names no kinds, and these tests
// show that it works with whatever kinds it is given.
#pragma once

#include "core/metrics/entity.hpp"

namespace drill::core::metrics::test_kinds {

inline constexpr EntityKind machine{0};
inline constexpr EntityKind site{1};
inline constexpr EntityKind part{2};

/// Names the kinds above, in their order.
inline KindTable table() { return KindTable{"machine", "site", "part"}; }

using MachineId = EntityId<machine>;
using SiteId = EntityId<site>;
using PartId = EntityId<part>;

}  // namespace drill::core::metrics::test_kinds
