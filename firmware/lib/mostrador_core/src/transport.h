// What the node needs from the network. On the ESP32 it is WiFi + PubSubClient (src/main.cpp); on the
// host it is libmosquitto (host/node_sim.cpp); in unit tests a scripted fake. Keeping the node logic behind
// this interface is what lets the reconnect and failsafe logic be tested without hardware.
#pragma once

#include <cstdint>
#include <string>

#include "contract.h"

namespace mostrador {

struct ConnectOptions {
  std::string clientId;  // = device slug: the broker refuses a client id that differs from the username
  std::string username;  // = device slug
  std::string password;  // the device secret shown once by the appliance
  std::string willTopic;  // mostrador/<device>/status
  std::string willPayload = kStatusOffline;
  bool willRetain = true;
  std::uint16_t keepAliveSeconds = 15;  // ESPHome's default: the gateway notices a dead node in ~22 s
};

enum class LinkStatus { Idle, Connecting, Connected, Failed };

class Transport {
 public:
  virtual ~Transport() = default;
  // Wi-Fi associated and holding an IP (always true on the host).
  virtual bool networkUp() = 0;
  // (Re)starts the Wi-Fi association; called again only every few seconds while the network is down.
  virtual void networkBegin() = 0;
  // Starts an MQTT connection; false if it failed at once (DNS, TCP refused).
  virtual bool startConnect(const ConnectOptions& options) = 0;
  // The MQTT session's status: Connected after an accepted CONNACK, Failed after a refusal or a drop.
  virtual LinkStatus status() = 0;
  virtual bool publish(const std::string& topic, const std::string& payload, bool retain) = 0;
  virtual bool subscribe(const std::string& topic) = 0;
  virtual void disconnect() = 0;
};

}  // namespace mostrador
