// An intrusive doubly-linked list of waiters.
//
// Waiters live inside awaiter objects, which live in suspended coroutine
// frames, so queueing a process allocates nothing and removing one (on an
// interrupt, a timeout or the frame's destruction) is O(1). A link knows its
// list and unlinks itself when destroyed, so a frame torn down while queued
// leaves no dangling pointer behind.
#pragma once

#include <cstddef>

namespace drill::core {

class WaitList;

class WaitLink {
 public:
  WaitLink() = default;
  WaitLink(const WaitLink&) = delete;
  WaitLink& operator=(const WaitLink&) = delete;
  ~WaitLink();

  bool linked() const noexcept { return list_ != nullptr; }
  /// Leaves whatever list this link is in; a no-op when not linked.
  void unlink() noexcept;

 private:
  friend class WaitList;
  WaitLink* prev_ = nullptr;
  WaitLink* next_ = nullptr;
  WaitList* list_ = nullptr;
};

class WaitList {
 public:
  WaitList() = default;
  WaitList(const WaitList&) = delete;
  WaitList& operator=(const WaitList&) = delete;
  ~WaitList() {
    while (head_) remove(head_);
  }

  bool empty() const noexcept { return head_ == nullptr; }
  std::size_t size() const noexcept { return size_; }
  WaitLink* front() const noexcept { return head_; }
  WaitLink* back() const noexcept { return tail_; }
  static WaitLink* next(const WaitLink* link) noexcept { return link->next_; }

  void push_back(WaitLink* link) noexcept { insert_before(nullptr, link); }

  /// Inserts `link` before `pos`; a null `pos` appends.
  void insert_before(WaitLink* pos, WaitLink* link) noexcept {
    link->list_ = this;
    link->next_ = pos;
    link->prev_ = pos ? pos->prev_ : tail_;
    (link->prev_ ? link->prev_->next_ : head_) = link;
    (pos ? pos->prev_ : tail_) = link;
    ++size_;
  }

  void remove(WaitLink* link) noexcept {
    (link->prev_ ? link->prev_->next_ : head_) = link->next_;
    (link->next_ ? link->next_->prev_ : tail_) = link->prev_;
    link->prev_ = link->next_ = nullptr;
    link->list_ = nullptr;
    --size_;
  }

 private:
  WaitLink* head_ = nullptr;
  WaitLink* tail_ = nullptr;
  std::size_t size_ = 0;
};

inline void WaitLink::unlink() noexcept {
  if (list_) list_->remove(this);
}

inline WaitLink::~WaitLink() { unlink(); }

}  // namespace drill::core
