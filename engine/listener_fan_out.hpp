// Several listeners where the model has room for one: each record goes to
// every listener added, in the order they were added (a trace file, a live
// server, a test probe at once).
//
// A fan-out holds plain pointers: listeners must outlive it. Cost per
// record: one virtual call per listener; nothing allocates after `add`.
#pragma once

#include <vector>

#include "models/activity.hpp"
#include "models/comms/message_listener.hpp"

namespace drill::engine {

class ActivityFanOut final : public models::ActivityListener {
 public:
  void add(models::ActivityListener* listener) { listeners_.push_back(listener); }
  bool empty() const noexcept { return listeners_.empty(); }
  std::size_t size() const noexcept { return listeners_.size(); }
  /// The only listener when there is one (the model then calls it directly).
  models::ActivityListener* single() const noexcept { return listeners_.size() == 1 ? listeners_[0] : nullptr; }
  void on_activity(const models::ActivityRecord& record) override {
    for (models::ActivityListener* l : listeners_) l->on_activity(record);
  }

 private:
  std::vector<models::ActivityListener*> listeners_;
};

class MessageFanOut final : public models::comms::MessageListener {
 public:
  void add(models::comms::MessageListener* listener) { listeners_.push_back(listener); }
  bool empty() const noexcept { return listeners_.empty(); }
  void on_message_event(const models::comms::MessageEvent& event) override {
    for (models::comms::MessageListener* l : listeners_) l->on_message_event(event);
  }

 private:
  std::vector<models::comms::MessageListener*> listeners_;
};

}  // namespace drill::engine
