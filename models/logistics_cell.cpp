#include "models/logistics_cell.hpp"

#include <limits>

#include "models/entity_kinds.hpp"
#include "models/logistics_protocol.hpp"
#include "models/world.hpp"

namespace drill::models {

namespace {

// A requester reported this far from its order's rendezvous gets the oiler
// a new rendezvous.
constexpr double kRendezvousMovedNm = 1.0;

}  // namespace

const LogisticsCell::Entry* LogisticsCell::picture(ShipId ship) const {
  auto it = picture_.find(ship);
  return it == picture_.end() ? nullptr : &it->second;
}

void LogisticsCell::on_status(const drill::v1::LogisticsStatus& status, core::SimTime made) {
  if (status.has_squadron()) return;  // decides nothing (see the header)
  const ShipId unit{status.unit()};
  Entry& e = picture_[unit];
  if (made < e.reported) return;  // an older report overtaken by a newer one
  e.position = LatLon{status.latitude_deg(), status.longitude_deg()};
  e.fuel_fraction = status.fuel_fraction();
  e.readiness = status.readiness();
  e.reported = made;
  if (auto it = oilers_.find(unit);
      it != oilers_.end() && status.readiness() == drill::v1::READINESS_FULLY_CAPABLE && made >= it->second.last_order)
    it->second.orders_since_free = 0;
  Ship* ship = w_.logistics->ship(unit);
  if (ship && ship->is_oiler() && status.readiness() == drill::v1::READINESS_FULLY_CAPABLE &&
      oilers_[unit].orders_since_free == 0)
    answer_oldest_request(*ship);

  auto req = requests_.find(unit);
  if (req == requests_.end() || made < req->second.made || !ship) return;
  Ship& receiver = *ship;
  if (status.fuel_fraction() >= receiver.ship_class().replenish_at()) {
    requests_.erase(req);  // replenished, or gone to a port
    return;
  }
  Request& r = req->second;
  if (r.order_id != 0 && distance_nm(r.position, e.position) > kRendezvousMovedNm) {
    r.position = e.position;
    if (Ship* oiler = w_.logistics->ship(r.oiler)) send_order(*oiler, receiver, r);
  }
}

void LogisticsCell::on_request(const drill::v1::SupportRequest& request, core::SimTime made) {
  if (request.kind() == drill::v1::SUPPORT_KIND_TANKER_SUPPORT) {
    order_tankers(request);
    return;
  }
  if (request.kind() != drill::v1::SUPPORT_KIND_REPLENISHMENT) return;
  if (request.has_requester_squadron()) return;  // squadrons ask only for tankers
  const ShipId unit{request.requester_unit()};
  Ship* requester = w_.logistics->ship(unit);
  if (!requester) return;
  auto [it, fresh] = requests_.try_emplace(unit);
  Request& r = it->second;
  // A copy sent again, or a request older than the one in hand: answered already.
  if (!fresh && made <= r.made) return;
  r = Request{};
  r.made = made;
  r.position = LatLon{request.latitude_deg(), request.longitude_deg()};
  Entry& e = picture_[unit];
  if (made >= e.reported) {
    e.position = r.position;
    e.reported = made;
  }
  if (Ship* oiler = oiler_for(r.position)) order(*oiler, *requester, r);
  // Otherwise the request waits for an oiler to report itself free.
}

void LogisticsCell::order(Ship& oiler, Ship& receiver, Request& r) {
  r.oiler = oiler.unit;
  r.order_id = w_.logistics->next_order_id++;
  OilerBook& book = oilers_[r.oiler];
  ++book.orders_since_free;
  book.last_order = w_.sim.now();
  send_order(oiler, receiver, r);
}

void LogisticsCell::answer_oldest_request(Ship& oiler) {
  std::map<ShipId, Request>::iterator oldest = requests_.end();
  for (auto it = requests_.begin(); it != requests_.end(); ++it)
    if (it->second.order_id == 0 && (oldest == requests_.end() || it->second.made < oldest->second.made)) oldest = it;
  if (oldest == requests_.end()) return;
  if (Ship* receiver = w_.logistics->ship(oldest->first)) order(oiler, *receiver, oldest->second);
}

void LogisticsCell::order_tankers(const drill::v1::SupportRequest& request) {
  if (!tanker_tasks_.insert(TaskId{request.task()}).second) return;  // ordered already (a copy sent again)
  const TaskRt* task = nullptr;
  for (const auto& t : w_.plan.tasks)
    if (t->id.index() == request.task()) task = t.get();
  if (!task) return;
  for (const std::string& p : task->spec->participants) {
    auto sq = w_.air.by_name.find(p);
    if (sq == w_.air.by_name.end() || !sq->second->is_tanker() || sq->second->aircraft.empty()) continue;
    drill::v1::Order o;
    o.set_order_id(w_.logistics->next_order_id++);
    o.set_tasked_squadron(sq->second->id.index());
    o.set_kind(drill::v1::ORDER_KIND_TASK);
    o.set_task(request.task());
    if (request.has_requester_squadron()) o.set_supported_squadron(request.requester_squadron());
    o.set_latitude_deg(request.latitude_deg());
    o.set_longitude_deg(request.longitude_deg());
    o.set_start_us(w_.sim.now().ticks());
    if (task->spec->coverage) o.set_end_us(task->spec->coverage->until.ticks());
    send_tanker_order(w_, o, *sq->second);
  }
}

Ship* LogisticsCell::oiler_for(LatLon where) {
  Ship* best = nullptr;
  double best_d = std::numeric_limits<double>::infinity();
  for (Ship* oiler : w_.fleet.oilers) {
    auto it = picture_.find(oiler->unit);
    if (it == picture_.end()) continue;  // never heard of
    const Entry& e = it->second;
    const OilerBook& book = oilers_[oiler->unit];
    if (e.readiness != drill::v1::READINESS_FULLY_CAPABLE || book.orders_since_free > 0) continue;
    const double d = distance_nm(e.position, where);
    if (d < best_d) {
      best = oiler;
      best_d = d;
    }
  }
  return best;
}

void LogisticsCell::send_order(Ship& oiler, Ship& receiver, Request& request) {
  const auto& cls = oiler.ship_class();
  const double speed = cls.oiler->answer_speed_kn.value_or(cls.max_speed_kn);
  const Entry* seen = picture(oiler.unit);
  const LatLon from = seen ? seen->position : request.position;  // ordered only once heard of
  // The requester waits for the oiler until it should have come, with the
  // requester's own oiler_wait to spare.
  const core::SimTime due =
      w_.sim.now() + core::hours_f(distance_nm(from, request.position) / speed) + receiver.ship_class().oiler_wait;
  drill::v1::Order o;
  o.set_order_id(request.order_id);
  o.set_tasked_unit(oiler.unit.index());
  o.set_kind(drill::v1::ORDER_KIND_REPLENISH);
  o.set_supported_unit(receiver.unit.index());
  o.set_latitude_deg(request.position.lat_deg);
  o.set_longitude_deg(request.position.lon_deg);
  o.set_start_us(w_.sim.now().ticks());
  o.set_end_us(due.ticks());
  models::send_order(w_, o, oiler, receiver);
}

}  // namespace drill::models
