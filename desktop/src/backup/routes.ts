import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  BackupRun,
  BackupSettingsPatch,
  BackupStatus,
  RestoreAnswer,
  RestoreBody,
} from "@mostrador/contracts/http/backup";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { checkStaffPin } from "@mostrador/kernel/staff/pin-check";
import { basename } from "node:path";
import { backupStatus, changeBackupSettings, runBackup } from "./backup-service.js";
import { backupInFolder, type CloudRestoreCheck, stageRestore } from "./restore.js";

export interface BackupRoutesOptions {
  /** Closes and reopens the appliance (which applies the staged restore); absent: applied at the next start. */
  requestRestart?: () => void;
  /** What the cloud holds that a backup lacks (sync's, composed in desktop/src/appliance/modules.ts). */
  askCloud?: CloudRestoreCheck;
}

/** Backups in Ajustes: status (every session: the till's warning), a backup now, settings, restore. */
export const backupRoutes =
  (options: BackupRoutesOptions): RoutesFactory =>
  (ctx) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get("/backup", { schema: { response: { 200: BackupStatus } } }, async (request) => {
      const status = await backupStatus(ctx);
      const role = principalOf(request).role;
      if (role === "owner" || role === "manager") return status;
      // A cashier's till needs only whether to warn; where the copies live and what they are called is
      // the managers' business (a path on the shop PC tells whoever reads it where the data is).
      return { ...status, folder: "", files: [] };
    });

    app.post("/backup/run", { schema: { response: { 200: BackupRun } } }, async (request) => {
      const role = principalOf(request).role;
      if (role !== "owner" && role !== "manager")
        throw new DomainError(
          "forbidden",
          "permission_denied",
          "Solo el dueño o un encargado pueden hacer una copia",
        );
      const at = ctx.clock.now().toISOString();
      const outcome = await runBackup(ctx, "manual");
      if (!outcome.ok)
        throw new DomainError(
          "unavailable",
          "backup_failed",
          `No se pudo hacer la copia: ${outcome.error ?? ""}`,
        );
      return {
        at,
        reason: "manual" as const,
        ok: true,
        file: outcome.file ? basename(outcome.file) : null,
        bytes: outcome.bytes,
        error: null,
      };
    });

    app.patch(
      "/backup/settings",
      {
        preHandler: requirePermission("settings.edit"),
        schema: { body: BackupSettingsPatch, response: { 200: BackupStatus } },
      },
      async (request) => {
        changeBackupSettings(ctx, request.body);
        return backupStatus(ctx);
      },
    );

    app.post(
      "/backup/restore",
      { schema: { body: RestoreBody, response: { 200: RestoreAnswer } } },
      async (request) => {
        const who = principalOf(request);
        if (who.role !== "owner")
          throw new DomainError("forbidden", "permission_denied", "Solo el dueño puede restaurar una copia");
        // The PIN again: a restore replaces the shop's data, an open session alone is not enough.
        checkStaffPin(ctx, who.staffId, request.body.pin, {
          terminalId: who.terminalId,
          purpose: "approval",
        });
        const staged = await stageRestore(ctx, backupInFolder(ctx.db, request.body.file), options.askCloud);
        const restart = options.requestRestart;
        // After the answer is sent: the till learns the restore was accepted, then the appliance restarts.
        if (restart) setImmediate(restart);
        return { restarting: restart !== undefined, ...staged };
      },
    );
  };
