/**
 * Restores a backup into the appliance's data directory from a terminal, with the appliance stopped:
 *   npx tsx desktop/src/backup/restore-cli.ts <archivo.sqlite>
 * (MOSTRADOR_DATA_DIR chooses the data directory, as for `npm start`). Refuses while the appliance runs, and
 * refuses a file that is not a whole Mostrador database of this shop and this version; it takes a backup of
 * the current state first. Exit code 0 restored, 1 refused, 2 wrong usage.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Refusal } from "@mostrador/contracts/refusal";
import { loadConfig } from "../appliance/config.js";
import { askCloudBeforeRestore } from "../appliance/modules.js";
import { loadApplianceMigrations, openApplianceCoreWithBackups } from "../appliance/open-appliance-core.js";
import { applianceRunning } from "./appliance-lock.js";
import { applyPendingRestore, stageRestore } from "./restore.js";

export interface CliResult {
  code: 0 | 1 | 2;
  lines: string[];
}

export async function runRestoreCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const [file, ...rest] = args;
  if (!file || rest.length > 0)
    return { code: 2, lines: ["Uso: npx tsx desktop/src/backup/restore-cli.ts <archivo de copia .sqlite>"] };
  const { dataDir } = loadConfig(env);
  const pid = applianceRunning(dataDir);
  if (pid !== null)
    return {
      code: 1,
      lines: [
        `Mostrador está en marcha (proceso ${pid}) sobre ${dataDir}: cerralo antes de restaurar una copia.`,
      ],
    };
  const lines: string[] = [];
  try {
    const ctx = await openApplianceCoreWithBackups(dataDir, (m) => lines.push(m));
    let staged;
    try {
      staged = await stageRestore(ctx, resolve(file), askCloudBeforeRestore);
    } finally {
      ctx.db.close();
    }
    const known = loadApplianceMigrations().reduce((v, m) => Math.max(v, m.version), 0);
    applyPendingRestore(dataDir, known, new Date());
    lines.push(
      `Copia restaurada en ${dataDir}.`,
      `Copia del estado anterior: ${staged.safetyBackup}.`,
      staged.salesMissingFromBackup > 0
        ? `La copia no tiene ${staged.salesMissingFromBackup} ventas que había en este equipo (${staged.salesAlreadyInCloud} ya están en la nube).`
        : "La copia tiene todas las ventas que había en este equipo.",
    );
    if (staged.cloudSalesNotInBackup !== null)
      lines.push(
        `La nube tiene ${staged.cloudSalesNotInBackup} ventas de este equipo posteriores a la copia.`,
      );
    return { code: 0, lines };
  } catch (err) {
    if (err instanceof Refusal) return { code: 1, lines: [...lines, `No se restauró nada: ${err.message}`] };
    throw err;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runRestoreCli(process.argv.slice(2), process.env);
  for (const line of result.lines) (result.code === 0 ? console.log : console.error)(line);
  process.exitCode = result.code;
}
