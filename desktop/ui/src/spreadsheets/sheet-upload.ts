import type { ImportErrors } from "@mostrador/contracts/http/spreadsheets";
import { getToken } from "../api/client.js";
import type { ExportKind } from "@mostrador/contracts/http/spreadsheets";

/** A refusal of the file: its Spanish message and, for `import_invalid`, the errors by row and column. */
export class SheetRefusal extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly rows: ImportErrors | null,
  ) {
    super(message);
  }
}

/**
 * Sends the file as the raw body with XMLHttpRequest, not fetch: only XHR reports upload progress, which
 * a long file needs so the screen shows it is working.
 */
export function uploadSheet<T>(url: string, file: Blob, onProgress: (pct: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    const token = getToken();
    if (token) xhr.setRequestHeader("authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new SheetRefusal("Sin conexión con el equipo central", "unreachable", null));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below by status
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)
        ?.error;
      const details = error?.details as ImportErrors | undefined;
      reject(
        new SheetRefusal(
          error?.message ?? `Error ${xhr.status} del equipo central`,
          error?.code ?? "http_error",
          details && Array.isArray(details.errors) ? details : null,
        ),
      );
    };
    xhr.send(file);
  });
}

/** Downloads an export with the session's token (a plain link could not send it) and saves it. */
const FILE_NAMES: Record<ExportKind, string> = {
  products: "productos",
  stock: "stock",
  costs: "costos",
  suppliers: "proveedores",
};

export async function downloadExport(kind: ExportKind, format: "csv" | "xlsx"): Promise<void> {
  const token = getToken();
  const res = await fetch(`/api/spreadsheets/export?kind=${kind}&format=${format}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) throw new Error(`Error ${res.status} del equipo central`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = `${FILE_NAMES[kind]}.${format}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
