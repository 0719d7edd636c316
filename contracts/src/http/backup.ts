import { Type, type Static } from "@sinclair/typebox";
import { Closed, Instant, Nullable } from "./fields.js";

/** Backups of the shop's database (desktop/src/backup/routes.ts; the till's Ajustes and its warning). */

/** One backup attempt, as Ajustes lists it. */
export const BackupRun = Type.Object(
  {
    at: Instant,
    reason: Type.Union([
      Type.Literal("daily"),
      Type.Literal("manual"),
      Type.Literal("before_migration"),
      Type.Literal("before_restore"),
    ]),
    ok: Type.Boolean(),
    /** The file's name in the folder (never a path the till would have to trust). */
    file: Nullable(Type.String()),
    bytes: Nullable(Type.Integer()),
    error: Nullable(Type.String()),
  },
  Closed,
);
export type BackupRun = Static<typeof BackupRun>;

/** GET /api/backup: settings, the last success and whether the till must warn (48 h without one). */
export const BackupStatus = Type.Object(
  {
    folder: Type.String(),
    /** True when no folder was chosen (the data directory's backups/). */
    folderIsDefault: Type.Boolean(),
    keepDaily: Type.Integer(),
    lastSuccess: Nullable(BackupRun),
    lastFailure: Nullable(BackupRun),
    /** No successful backup for 48 h (or ever, on a shop older than a day): the till shows a banner. */
    stale: Type.Boolean(),
    /** The backups in the folder, newest first (empty when the folder cannot be read). */
    files: Type.Array(Type.Object({ name: Type.String(), bytes: Type.Integer(), at: Instant }, Closed)),
  },
  Closed,
);
export type BackupStatus = Static<typeof BackupStatus>;

/** PATCH /api/backup/settings: an absolute folder ("" for the default) and/or how many daily copies. */
export const BackupSettingsPatch = Type.Object(
  {
    folder: Type.Optional(Type.String({ maxLength: 500 })),
    keepDaily: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  },
  { ...Closed, minProperties: 1 },
);
export type BackupSettingsPatch = Static<typeof BackupSettingsPatch>;

/** POST /api/backup/restore: a file of the backup folder, confirmed with the owner's PIN. */
export const RestoreBody = Type.Object(
  {
    file: Type.String({ minLength: 1, maxLength: 200 }),
    pin: Type.String({ pattern: "^[0-9]{4,8}$", maxLength: 8 }),
  },
  Closed,
);
export type RestoreBody = Static<typeof RestoreBody>;

/** The answer to a restore: staged, and what the database being replaced has that the backup lacks. */
export const RestoreAnswer = Type.Object(
  {
    /** The appliance restarts on its own; the till reconnects. */
    restarting: Type.Boolean(),
    /** Sales in the current database missing from the backup (the cloud holds those it already received). */
    salesMissingFromBackup: Type.Integer(),
    salesAlreadyInCloud: Type.Integer(),
    /** The cloud's own count of this appliance's sales after the backup's newest (null: unpaired or unreachable). */
    cloudSalesNotInBackup: Nullable(Type.Integer()),
    safetyBackup: Type.String(),
  },
  Closed,
);
export type RestoreAnswer = Static<typeof RestoreAnswer>;
