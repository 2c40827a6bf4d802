#include "core/resource.hpp"

#include <algorithm>
#include <cassert>

namespace drill::core {

Resource::Resource(Simulation& sim, std::string name, ResourceOptions options)
    : sim_(sim), name_(std::move(name)), options_(options), busy_stat_(sim.now()), queue_stat_(sim.now()) {
  assert(options_.capacity > 0 && "a resource needs a positive capacity");
}

Resource::~Resource() { sim_.kill_processes(); }

double Resource::utilisation() const noexcept {
  return busy_stat_.mean(sim_.now()) / static_cast<double>(options_.capacity);
}

Duration Resource::longest_wait_in_progress() const noexcept {
  Duration longest = Duration::zero();
  for (const WaitLink* l = queue_.front(); l; l = WaitList::next(l))
    longest = std::max(longest, sim_.now() - static_cast<const Acquire*>(l)->since());
  return longest;
}

void Resource::set_observer(ResourceObserver* observer) noexcept {
  observer_ = observer;
  if (!observer_) return;
  observer_->on_in_use(sim_.now(), in_use());
  observer_->on_queue(sim_.now(), queue_.size(), sim_.now() - longest_wait_in_progress());
}

void Resource::note_queue() noexcept {
  queue_stat_.set(sim_.now(), static_cast<double>(queue_.size()));
  if (observer_) observer_->on_queue(sim_.now(), queue_.size(), sim_.now() - longest_wait_in_progress());
}

void Resource::note_in_use() noexcept {
  busy_stat_.set(sim_.now(), static_cast<double>(holders_.size()));
  if (observer_) observer_->on_in_use(sim_.now(), in_use());
}

bool Resource::holds(std::uint64_t id) const noexcept {
  return std::any_of(holders_.begin(), holders_.end(), [id](const Holder& h) { return h.id == id; });
}

std::uint64_t Resource::grant(int priority, detail::ProcessState* process, SimTime requested) {
  const std::uint64_t id = next_id_++;
  holders_.push_back(Holder{id, priority, id, process});
  note_in_use();
  waits_.add((sim_.now() - requested).seconds());
  if (observer_) observer_->on_granted(sim_.now() - requested);
  ++grants_;
  return id;
}

bool Resource::try_preempt_for(int priority) {
  // The victim: the least important holder, the most recently granted among equals.
  auto victim = holders_.end();
  for (auto it = holders_.begin(); it != holders_.end(); ++it)
    if (it->priority > priority &&
        (victim == holders_.end() || it->priority > victim->priority ||
         (it->priority == victim->priority && it->order > victim->order)))
      victim = it;
  if (victim == holders_.end()) return false;
  detail::ProcessState* process = victim->process;
  holders_.erase(victim);
  note_in_use();
  ++preemptions_;
  if (process) sim_.interrupt(process->ref, cause::kPreempted);
  return true;
}

void Resource::release_grant(std::uint64_t id) noexcept {
  auto it = std::find_if(holders_.begin(), holders_.end(), [id](const Holder& h) { return h.id == id; });
  if (it == holders_.end()) return;  // preempted: the unit is already someone else's
  holders_.erase(it);
  note_in_use();
  if (!sim_.tearing_down()) serve();
}

void Resource::serve() noexcept {
  while (!queue_.empty() && in_use() < capacity()) {
    auto* a = static_cast<Acquire*>(queue_.front());
    a->id_ = grant(a->priority_, a->state(), a->since());
    a->satisfy();
    note_queue();
  }
}

void Resource::enqueue(Acquire& a) {
  if (options_.discipline == Discipline::fifo) {
    queue_.push_back(&a);
  } else {
    WaitLink* pos = queue_.front();
    while (pos && static_cast<Acquire*>(pos)->priority_ <= a.priority_) pos = WaitList::next(pos);
    queue_.insert_before(pos, &a);
  }
  note_queue();
}

void Resource::waiter_left(bool timed_out) noexcept {
  if (timed_out) ++timeouts_;
  note_queue();
  // A waiter leaving never frees a unit, so nobody behind it can be served now.
}

}  // namespace drill::core
