import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { HOME_ASSISTANT_USERNAME } from "../broker/identity.js";
import { hashDeviceSecret, newDeviceSecret } from "../devices/device-secret.js";
import type { HomeAssistantInfo } from "@mostrador/contracts/http/home-assistant";

const INTEGRATION = "home_assistant";

/** What the owner types into Home Assistant's MQTT integration; the password exists only in this answer. */
export interface IssuedCredentials {
  username: string;
  password: string;
  createdAt: string;
}

/** The part of the HTTP contract's answer (contracts/src/http/home-assistant.ts) the credentials give. */
export type CredentialsInfo = Pick<HomeAssistantInfo, "configured" | "username" | "createdAt">;

/** The broker drops a connected Home Assistant when its password is rotated or revoked. */
const changed = (ctx: Ctx) => ctx.bus.emit("homeAssistant.credentialsChanged", {});

/** The stored SHA-256 of Home Assistant's password, or null when none was issued (or it was revoked). */
export function homeAssistantSecretHash(db: Db): string | null {
  const hash = stmt(db, "SELECT secret_hash FROM integration_credentials WHERE integration = ?")
    .pluck()
    .get(INTEGRATION) as string | undefined;
  return hash ?? null;
}

export function homeAssistantCredentialsInfo(ctx: Ctx): CredentialsInfo {
  const createdAt = stmt(ctx.db, "SELECT created_at FROM integration_credentials WHERE integration = ?")
    .pluck()
    .get(INTEGRATION) as string | undefined;
  return {
    configured: createdAt !== undefined,
    username: HOME_ASSISTANT_USERNAME,
    createdAt: createdAt ?? null,
  };
}

/**
 * Issues Home Assistant's password (32 random bytes, like a device secret) and keeps only its hash.
 * Calling it again rotates: the old password stops working and a connected Home Assistant is dropped.
 * Not sent to the cloud: a LAN credential means nothing there (the audit log records who issued it).
 */
export function issueHomeAssistantCredentials(ctx: Ctx, actor?: Principal): IssuedCredentials {
  const password = newDeviceSecret();
  const at = isoNow(ctx);
  ctx.db.transaction(() => {
    const rotated = homeAssistantSecretHash(ctx.db) !== null;
    stmt(
      ctx.db,
      `INSERT INTO integration_credentials (integration, username, secret_hash, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (integration) DO UPDATE SET username = excluded.username, secret_hash = excluded.secret_hash,
         created_at = excluded.created_at`,
    ).run(INTEGRATION, HOME_ASSISTANT_USERNAME, hashDeviceSecret(password), at);
    recordAudit(ctx.db, {
      at,
      staffId: actor?.staffId ?? null,
      terminalId: actor?.terminalId ?? null,
      action: rotated ? "integration.credentials_rotated" : "integration.credentials_issued",
      entity: "integration",
      entityId: INTEGRATION,
      details: { username: HOME_ASSISTANT_USERNAME },
    });
  })();
  changed(ctx);
  return { username: HOME_ASSISTANT_USERNAME, password, createdAt: at };
}

/** Revokes Home Assistant's password; it is disconnected at once and cannot connect again. */
export function revokeHomeAssistantCredentials(ctx: Ctx, actor?: Principal): void {
  const at = isoNow(ctx);
  ctx.db.transaction(() => {
    const gone = stmt(ctx.db, "DELETE FROM integration_credentials WHERE integration = ?").run(INTEGRATION);
    if (gone.changes === 0) {
      throw new DomainError(
        "not_found",
        "integration_credentials_not_found",
        "Home Assistant no tiene credenciales para revocar",
      );
    }
    recordAudit(ctx.db, {
      at,
      staffId: actor?.staffId ?? null,
      terminalId: actor?.terminalId ?? null,
      action: "integration.credentials_revoked",
      entity: "integration",
      entityId: INTEGRATION,
      details: { username: HOME_ASSISTANT_USERNAME },
    });
  })();
  changed(ctx);
}
