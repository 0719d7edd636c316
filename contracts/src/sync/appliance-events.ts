import { Type } from "@sinclair/typebox";
import { Id, Open } from "./fields.js";

/**
 * Entities the cloud keeps verbatim (appliance_events) until someone writes their projection. Their
 * schemas name only what is certain; the cloud accepts any JSON object for them, so appliances of any
 * age keep uploading. Writing a projection means: complete the schema here (new fields optional, for
 * the appliances already in the field), then register it in the cloud (docs/sync-protocol.md).
 */

/** Any JSON object. */
export const AnyObject = Type.Object({}, Open);

export const StaffPayload = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 60 }),
    // kernel/src/staff/permissions.ts ROLES; a role added later must not park an older cloud's ops.
    role: Type.String({ minLength: 1, maxLength: 20 }),
    active: Type.Boolean(),
  },
  Open,
);

/** A gateway registry record (device, rule) or a relay command: its own id, the rest unchecked so far. */
export const GatewayRecordPayload = Type.Object({ id: Id }, Open);
