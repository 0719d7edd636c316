// Transport over libmosquitto (Debian libmosquitto-dev), used by the host build of the node.
// Why libmosquitto rather than a hand-written MQTT client: the point of the host build is to run OUR node
// logic (reconnect, last will, resubscribe, failsafe) against the real gateway; an independent, widely used
// MQTT 3.1.1 implementation on the wire makes that test about our logic and the gateway, not about a
// second home-made protocol stack that could share our misreadings of the spec.
#pragma once

#include <mosquitto.h>

#include <cstdint>
#include <functional>
#include <utility>
#include <string>

#include "transport.h"

class MosquittoTransport : public mostrador::Transport {
 public:
  using OnMessage = std::function<void(const std::string& topic, const char* payload, std::size_t length)>;

  MosquittoTransport(std::string host, int port, OnMessage onMessage)
      : host_(std::move(host)), port_(port), onMessage_(std::move(onMessage)) {}
  ~MosquittoTransport() override { destroy(); }

  bool networkUp() override { return true; }
  void networkBegin() override {}

  bool startConnect(const mostrador::ConnectOptions& o) override {
    destroy();  // a fresh client per attempt: no state leaks between sessions
    mosq_ = mosquitto_new(o.clientId.c_str(), true, this);
    if (mosq_ == nullptr) return false;
    int v311 = MQTT_PROTOCOL_V311;  // what PubSubClient speaks, and all Aedes accepts
    mosquitto_opts_set(mosq_, MOSQ_OPT_PROTOCOL_VERSION, &v311);
    mosquitto_username_pw_set(mosq_, o.username.c_str(), o.password.c_str());
    mosquitto_will_set(mosq_, o.willTopic.c_str(), static_cast<int>(o.willPayload.size()), o.willPayload.data(),
                       1, o.willRetain);
    mosquitto_connect_callback_set(mosq_, &MosquittoTransport::onConnect);
    mosquitto_disconnect_callback_set(mosq_, &MosquittoTransport::onDisconnect);
    mosquitto_message_callback_set(mosq_, &MosquittoTransport::onMessageCb);
    status_ = mostrador::LinkStatus::Connecting;
    if (mosquitto_connect(mosq_, host_.c_str(), port_, o.keepAliveSeconds) != MOSQ_ERR_SUCCESS) {
      status_ = mostrador::LinkStatus::Failed;
      return false;
    }
    return true;
  }

  mostrador::LinkStatus status() override { return status_; }

  bool publish(const std::string& topic, const std::string& payload, bool retain) override {
    if (mosq_ == nullptr || status_ != mostrador::LinkStatus::Connected) return false;
    return mosquitto_publish(mosq_, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(), 0,
                             retain) == MOSQ_ERR_SUCCESS;
  }

  bool subscribe(const std::string& topic) override {
    if (mosq_ == nullptr || status_ != mostrador::LinkStatus::Connected) return false;
    return mosquitto_subscribe(mosq_, nullptr, topic.c_str(), 1) == MOSQ_ERR_SUCCESS;
  }

  void disconnect() override {
    if (mosq_ != nullptr) mosquitto_disconnect(mosq_);
    destroy();
    status_ = mostrador::LinkStatus::Idle;
  }

  // Runs the network I/O for up to timeoutMs; false when there is no client to run (caller sleeps).
  bool pump(int timeoutMs) {
    if (mosq_ == nullptr) return false;
    const int rc = mosquitto_loop(mosq_, timeoutMs, 1);
    if (rc != MOSQ_ERR_SUCCESS && status_ != mostrador::LinkStatus::Idle) status_ = mostrador::LinkStatus::Failed;
    return rc == MOSQ_ERR_SUCCESS;
  }

 private:
  void destroy() {
    if (mosq_ != nullptr) mosquitto_destroy(mosq_);
    mosq_ = nullptr;
  }

  static void onConnect(struct mosquitto*, void* self, int rc) {
    static_cast<MosquittoTransport*>(self)->status_ =
        rc == 0 ? mostrador::LinkStatus::Connected : mostrador::LinkStatus::Failed;
  }
  static void onDisconnect(struct mosquitto*, void* self, int) {
    static_cast<MosquittoTransport*>(self)->status_ = mostrador::LinkStatus::Failed;
  }
  static void onMessageCb(struct mosquitto*, void* self, const struct mosquitto_message* m) {
    auto* t = static_cast<MosquittoTransport*>(self);
    if (m->topic == nullptr || m->payloadlen < 0) return;
    t->onMessage_(m->topic, static_cast<const char*>(m->payload), static_cast<std::size_t>(m->payloadlen));
  }

  std::string host_;
  int port_;
  OnMessage onMessage_;
  struct mosquitto* mosq_ = nullptr;
  mostrador::LinkStatus status_ = mostrador::LinkStatus::Idle;
};
