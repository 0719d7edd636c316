// A scripted Transport for tests: the test decides whether the network is up, whether a connect succeeds,
// and drops the session at will; everything the node sends is recorded.
#pragma once

#include <string>
#include <vector>

#include "transport.h"

struct Published {
  std::string topic;
  std::string payload;
  bool retain;
};

class FakeTransport : public mostrador::Transport {
 public:
  bool network = true;
  bool acceptConnect = true;  // CONNACK accepted
  bool answerConnect = true;  // false: the CONNACK never comes (times out)
  int networkBegins = 0;
  int connectAttempts = 0;
  int disconnects = 0;
  mostrador::ConnectOptions lastOptions;
  std::vector<Published> published;
  std::vector<std::string> subscribed;

  bool networkUp() override { return network; }
  void networkBegin() override { ++networkBegins; }
  bool startConnect(const mostrador::ConnectOptions& o) override {
    ++connectAttempts;
    lastOptions = o;
    status_ = !answerConnect ? mostrador::LinkStatus::Connecting
              : acceptConnect ? mostrador::LinkStatus::Connected
                              : mostrador::LinkStatus::Failed;
    return true;
  }
  mostrador::LinkStatus status() override { return status_; }
  bool publish(const std::string& t, const std::string& p, bool retain) override {
    if (status_ != mostrador::LinkStatus::Connected) return false;
    published.push_back({t, p, retain});
    return true;
  }
  bool subscribe(const std::string& t) override {
    if (status_ != mostrador::LinkStatus::Connected) return false;
    subscribed.push_back(t);
    return true;
  }
  void disconnect() override {
    ++disconnects;
    status_ = mostrador::LinkStatus::Idle;
  }
  // The broker or the network dropped the session.
  void drop() { status_ = mostrador::LinkStatus::Failed; }

  int countPublished(const std::string& topic, const std::string& payload) const {
    int n = 0;
    for (const auto& p : published) n += (p.topic == topic && p.payload == payload) ? 1 : 0;
    return n;
  }

 private:
  mostrador::LinkStatus status_ = mostrador::LinkStatus::Idle;
};
