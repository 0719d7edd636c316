#include "connection.h"

#include <utility>

namespace mostrador {

Connection::Connection(Transport& transport, ConnectOptions options, ConnectionTiming timing, Random& random)
    : transport_(transport),
      options_(std::move(options)),
      timing_(timing),
      backoff_(timing.backoffBaseMs, timing.backoffCapMs, random) {}

void Connection::scheduleRetry(std::uint64_t nowMs) {
  state_ = LinkState::Waiting;
  nextAttemptAtMs_ = nowMs + backoff_.next();
}

LinkEvent Connection::step(std::uint64_t nowMs) {
  if (!transport_.networkUp()) {
    const bool wasConnected = state_ == LinkState::Connected;
    if (state_ == LinkState::Connecting || wasConnected) transport_.disconnect();
    state_ = LinkState::NetworkDown;
    if (nowMs >= nextNetworkBeginMs_) {
      transport_.networkBegin();
      nextNetworkBeginMs_ = nowMs + timing_.networkRetryMs;
    }
    return wasConnected ? LinkEvent::Lost : LinkEvent::None;
  }

  switch (state_) {
    case LinkState::NetworkDown:
      // Fresh network: try MQTT at once; the backoff applies to failures, not to the first attempt.
      state_ = LinkState::Waiting;
      nextAttemptAtMs_ = nowMs;
      [[fallthrough]];
    case LinkState::Waiting:
      if (nowMs < nextAttemptAtMs_) return LinkEvent::None;
      if (!transport_.startConnect(options_)) {
        scheduleRetry(nowMs);
        return LinkEvent::None;
      }
      state_ = LinkState::Connecting;
      connectDeadlineMs_ = nowMs + timing_.connectTimeoutMs;
      [[fallthrough]];
    case LinkState::Connecting: {
      const LinkStatus s = transport_.status();
      if (s == LinkStatus::Connected) {
        state_ = LinkState::Connected;
        connectedAtMs_ = nowMs;
        ++connects_;
        return LinkEvent::Connected;
      }
      if (s == LinkStatus::Failed || nowMs >= connectDeadlineMs_) {
        transport_.disconnect();
        scheduleRetry(nowMs);
      }
      return LinkEvent::None;
    }
    case LinkState::Connected:
      if (nowMs - connectedAtMs_ >= timing_.stableAfterMs) backoff_.reset();
      if (transport_.status() == LinkStatus::Connected) return LinkEvent::None;
      transport_.disconnect();
      scheduleRetry(nowMs);
      return LinkEvent::Lost;
  }
  return LinkEvent::None;
}

}  // namespace mostrador
