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
  if (options_.discipline == Discipline::fifo && !queue_.empty()) {
    // FIFO waiters join at the back as they arrive, so their start times
    // rise from front to back; only the one being enqueued (at the back) may
    // have none yet, which reads as the start of the run. The ends therefore
    // hold the earliest start, as a scan of the whole queue would find, in
    // O(1): this runs at every change of the queue an observer watches.
    const SimTime front = static_cast<const Acquire*>(queue_.front())->since();
    const SimTime back = static_cast<const Acquire*>(queue_.back())->since();
    return sim_.now() - std::min(front, back);
  }
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
  if (options_.own_statistics) queue_stat_.set(sim_.now(), static_cast<double>(queue_.size()));
  if (observer_) observer_->on_queue(sim_.now(), queue_.size(), sim_.now() - longest_wait_in_progress());
}

void Resource::note_in_use() noexcept {
  if (options_.own_statistics) busy_stat_.set(sim_.now(), static_cast<double>(in_use_));
  if (observer_) observer_->on_in_use(sim_.now(), in_use());
}

Resource::Grant Resource::grant(int priority, detail::ProcessState* process, SimTime requested) {
  std::uint32_t slot = free_head_;
  if (slot == kNoSlot) {
    // Grows once per unit ever held at the same time: at most the capacity.
    slot = static_cast<std::uint32_t>(holders_.size());
    holders_.push_back(Holder{0, nullptr, 0, kNoSlot});
  } else {
    free_head_ = holders_[slot].next_free;
  }
  const std::uint64_t id = next_id_++;
  holders_[slot] = Holder{id, process, priority, kNoSlot};
  ++in_use_;
  note_in_use();
  if (options_.own_statistics) waits_.add((sim_.now() - requested).seconds());
  if (observer_) observer_->on_granted(sim_.now() - requested);
  ++grants_;
  return Grant{id, slot};
}

void Resource::free_slot(std::uint32_t slot) noexcept {
  holders_[slot] = Holder{0, nullptr, 0, free_head_};
  free_head_ = slot;
  --in_use_;
}

bool Resource::try_preempt_for(int priority) {
  // The victim: the least important holder, the most recently granted among equals.
  std::uint32_t victim = kNoSlot;
  for (std::uint32_t s = 0; s < holders_.size(); ++s) {
    const Holder& h = holders_[s];
    if (h.id == 0 || h.priority <= priority) continue;
    if (victim == kNoSlot || h.priority > holders_[victim].priority ||
        (h.priority == holders_[victim].priority && h.id > holders_[victim].id))
      victim = s;
  }
  if (victim == kNoSlot) return false;
  detail::ProcessState* process = holders_[victim].process;
  free_slot(victim);
  note_in_use();
  ++preemptions_;
  if (process) sim_.interrupt(process->ref, cause::kPreempted);
  return true;
}

void Resource::release_grant(std::uint64_t id, std::uint32_t slot) noexcept {
  if (!holds(id, slot)) return;  // preempted: the unit is already someone else's
  free_slot(slot);
  note_in_use();
  if (!sim_.tearing_down()) serve();
}

void Resource::serve() noexcept {
  while (!queue_.empty() && in_use() < capacity()) {
    auto* a = static_cast<Acquire*>(queue_.front());
    const Grant g = grant(a->priority_, a->state(), a->since());
    a->id_ = g.id;
    a->slot_ = g.slot;
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
