import { Type, type Static } from "@sinclair/typebox";
import { Closed, Instant, Int, Nullable } from "./fields.js";

/** Home Assistant's MQTT identity on the gateway's broker (gateway/src/discovery/routes.ts; devices.manage). */

/** POST /api/integrations/home-assistant/credentials carries nothing: no body, or an empty object. */
export const NoBody = Type.Object({}, Closed);

/** GET /api/integrations/home-assistant: whether credentials exist and where HA connects; never the password. */
export const HomeAssistantInfoSchema = Type.Object(
  {
    configured: Type.Boolean(),
    username: Type.String(),
    createdAt: Nullable(Instant),
    host: Type.String(),
    /** The broker's TCP port; null while the gateway is not running. */
    port: Nullable(Int),
    discoveryPrefix: Type.String(),
  },
  Closed,
);
export type HomeAssistantInfo = Static<typeof HomeAssistantInfoSchema>;

/** POST …/credentials (201): the password, shown this once; calling again rotates it. */
export const HomeAssistantCredentialsSchema = Type.Object(
  { host: Type.String(), port: Int, username: Type.String(), password: Type.String() },
  Closed,
);
export type HomeAssistantCredentials = Static<typeof HomeAssistantCredentialsSchema>;
