import iconv from "iconv-lite";
import { fileRefusal } from "./sheet-error.js";

export type TextEncoding = "utf-8" | "windows-1252";

const UTF8_BOM = [0xef, 0xbb, 0xbf];
// Bytes Windows-1252 leaves undefined: a file holding them was not written in it either.
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * A CSV's text as shops' files come: UTF-8 with or without BOM (LibreOffice, Google Sheets), or
 * Windows-1252 (Excel in Spanish "CSV (delimitado por comas)"). Anything else — UTF-16, binary, a
 * mix — is refused rather than guessed, because a wrong guess would turn "Azúcar" into "AzÃºcar".
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  const hasBom = UTF8_BOM.every((b, i) => bytes[i] === b);
  const body = hasBom ? bytes.subarray(3) : bytes;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw unreadable("El archivo está en UTF-16: guardalo como «CSV UTF-8» o «CSV (delimitado por comas)»");
  if (body.includes(0)) throw unreadable("El archivo no es texto: elegí un CSV o una planilla XLSX");
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), encoding: "utf-8" };
  } catch {
    if (hasBom) throw unreadable("El archivo dice ser UTF-8 pero tiene bytes inválidos: volvé a exportarlo");
  }
  if (body.some((b) => UNDEFINED_IN_1252.has(b)))
    throw unreadable("No se reconoce la codificación del archivo: guardalo como «CSV UTF-8»");
  return { text: iconv.decode(Buffer.from(body), "windows-1252"), encoding: "windows-1252" };
}

const unreadable = (message: string) => fileRefusal("unreadable_file", message);
