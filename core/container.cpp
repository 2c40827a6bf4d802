#include "core/container.hpp"

#include <cassert>

namespace drill::core {

Container::Container(Simulation& sim, std::string name, double capacity, double initial)
    : sim_(sim), name_(std::move(name)), capacity_(capacity), level_(initial), level_stat_(sim.now(), initial) {
  assert(capacity >= 0.0 && initial >= 0.0 && initial <= capacity && "container level must lie in [0, capacity]");
}

Container::~Container() { sim_.kill_processes(); }

double Container::waiting_to_get() const noexcept {
  double sum = 0.0;
  for (const WaitLink* l = getters_.front(); l; l = WaitList::next(l)) sum += static_cast<const Request*>(l)->amount_;
  return sum;
}

Duration Container::longest_get_in_progress() const noexcept {
  // FIFO: the head has waited longest.
  if (getters_.empty()) return Duration::zero();
  return sim_.now() - static_cast<const Request*>(getters_.front())->since();
}

void Container::set_observer(ContainerObserver* observer) noexcept {
  observer_ = observer;
  if (!observer_) return;
  observer_->on_level(sim_.now(), level_);
  note_getters();
}

void Container::change(double delta) noexcept {
  level_ += delta;
  level_stat_.set(sim_.now(), level_);
  if (observer_) observer_->on_level(sim_.now(), level_);
}

void Container::note_getters() noexcept {
  if (observer_) observer_->on_get_queue(sim_.now(), getters_.size(), sim_.now() - longest_get_in_progress());
}

void Container::got(double amount, Duration waited) noexcept {
  total_got_ += amount;
  get_waits_.add(waited.seconds());
  if (observer_) observer_->on_got(amount, waited);
}

bool Container::try_get(double amount) {
  if (!getters_.empty() || !can_get(amount)) return false;
  change(-amount);
  got(amount, Duration::zero());
  serve();
  return true;
}

bool Container::try_put(double amount) {
  if (!putters_.empty() || !can_put(amount)) return false;
  change(amount);
  total_put_ += amount;
  serve();
  return true;
}

void Container::serve() noexcept {
  // Alternate until neither head can move: a put may unblock a get and back.
  for (bool moved = true; moved;) {
    moved = false;
    while (!getters_.empty()) {
      auto* r = static_cast<Request*>(getters_.front());
      if (!can_get(r->amount_)) break;
      change(-r->amount_);
      got(r->amount_, sim_.now() - r->since());
      r->done_ = true;
      r->satisfy();
      note_getters();
      moved = true;
    }
    while (!putters_.empty()) {
      auto* r = static_cast<Request*>(putters_.front());
      if (!can_put(r->amount_)) break;
      change(r->amount_);
      total_put_ += r->amount_;
      r->done_ = true;
      r->satisfy();
      moved = true;
    }
  }
}

void Container::revert(bool was_get, double amount) noexcept {
  change(was_get ? amount : -amount);
  (was_get ? total_got_ : total_put_) -= amount;
  if (was_get && observer_) observer_->on_got(-amount, Duration::zero());
  serve();
}

void Container::waiter_left(bool) noexcept {
  note_getters();  // a getter or a putter left; told either way
  // The head may have left: those behind it may fit now.
  if (!sim_.tearing_down()) serve();
}

}  // namespace drill::core
