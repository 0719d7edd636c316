// No imports: every side (the two servers, the cloud's ingest, the appliance's repairs) uses this.

/**
 * The text policy of every input, written once for the appliance and the cloud (each server applies
 * it to every request: @mostrador/platform/http/text-policy; the cloud's
 * ingest per op):
 * no C0 control characters (U+0000–U+001F), no DEL or C1 controls (U+007F–U+009F) and no UTF-16
 * surrogate that is not half of a pair, in any string or object key. TAB, LF and CR are the one
 * exception, and only in free multi-line text: a string schema that says `multiline: true`
 * (the receipt footer, typed in a <textarea>). Everything else is one line.
 */
export type TextFault =
  | { kind: "control"; codeUnit: number }
  | { kind: "line_break"; codeUnit: number }
  | { kind: "surrogate"; codeUnit: number };

/** The first character `text` may not hold, or null. `multiline` lets TAB, LF and CR through. */
export function textFault(text: string, multiline = false): TextFault | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue; // printable ASCII: nearly every character
    if (c < 0x20) {
      if (c === 0x09 || c === 0x0a || c === 0x0d) {
        if (multiline) continue;
        return { kind: "line_break", codeUnit: c };
      }
      return { kind: "control", codeUnit: c };
    }
    if (c <= 0x9f) return { kind: "control", codeUnit: c };
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++; // a well-formed pair: one character outside the BMP (an emoji)
        continue;
      }
      return { kind: "surrogate", codeUnit: c };
    }
  }
  return null;
}

/** Where a bad character was found: the path of the field (keys and array indices), and whether it was in a key. */
export interface TextProblem {
  path: (string | number)[];
  inKey: boolean;
  fault: TextFault;
}

/** A step of the walk: the value, and how it was reached (built into a path only when needed). */
interface Step {
  value: unknown;
  key: string | number;
  parent: Step | null;
}

function pathOf(step: Step | null): (string | number)[] {
  const path: (string | number)[] = [];
  for (let s = step; s?.parent; s = s.parent) path.push(s.key);
  return path.reverse();
}

/**
 * Walks every string and key of a JSON value and returns the first that breaks the policy. Iterative,
 * with parent links instead of a path per value, so a deeply nested body costs linear time and cannot
 * overflow the stack. `isMultiline(path)` says whether the string at that path is free multi-line
 * text (asked only for strings that hold TAB, LF or CR); keys never are.
 */
export function findTextProblem(
  value: unknown,
  isMultiline: (path: (string | number)[]) => boolean = () => false,
): TextProblem | null {
  const stack: Step[] = [{ value, key: "", parent: null }];
  while (stack.length > 0) {
    const step = stack.pop() as Step;
    const v = step.value;
    if (typeof v === "string") {
      let fault = textFault(v);
      if (fault?.kind === "line_break") fault = textFault(v, isMultiline(pathOf(step)));
      if (fault) return { path: pathOf(step), inKey: false, fault };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: step });
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        const fault = textFault(key);
        if (fault) return { path: [...pathOf(step), key], inKey: true, fault };
        stack.push({ value: child, key, parent: step });
      }
    }
  }
  return null;
}

const hex = (codeUnit: number) => `U+${codeUnit.toString(16).toUpperCase().padStart(4, "0")}`;

/** A key or value shown inside a message, with every character the policy refuses written as \uXXXX. */
export function shown(text: string): string {
  let out = "";
  for (const ch of text) out += textFault(ch) ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}` : ch;
  return out;
}

/** The sentence for a person (es-AR), naming the field as validation errors do ("lines.0.name"). */
export function describeTextProblem(problem: TextProblem, context: string): string {
  const field = problem.path.map((p) => shown(String(p))).join(".") || context;
  const what =
    problem.fault.kind === "line_break"
      ? `un salto de línea o tabulación (${hex(problem.fault.codeUnit)}), que solo se admite en textos de varias líneas`
      : problem.fault.kind === "surrogate"
        ? `un carácter Unicode inválido (${hex(problem.fault.codeUnit)} suelto, sin su par)`
        : `un carácter de control (${hex(problem.fault.codeUnit)}), que no se admite`;
  return problem.inKey
    ? `El nombre del campo "${field}" contiene ${what}`
    : `El campo "${field}" contiene ${what}`;
}

export type Segment = string | number;

/** The paths (array indices as "*") of the strings a schema marks `multiline: true`. */
function multilinePaths(schema: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (s: unknown, path: string[], depth: number): void => {
    if (s === null || typeof s !== "object" || depth > 32) return;
    const node = s as Record<string, unknown>;
    if (node.multiline === true) found.add(JSON.stringify(path));
    if (node.properties && typeof node.properties === "object")
      for (const [key, sub] of Object.entries(node.properties)) visit(sub, [...path, key], depth + 1);
    if (Array.isArray(node.items)) for (const sub of node.items) visit(sub, [...path, "*"], depth + 1);
    else visit(node.items, [...path, "*"], depth + 1);
    for (const combinator of ["anyOf", "oneOf", "allOf"])
      if (Array.isArray(node[combinator]))
        for (const sub of node[combinator] as unknown[]) visit(sub, path, depth + 1);
  };
  visit(schema, [], 0);
  return found;
}

const multilineBySchema = new WeakMap<object, Set<string>>();
export const NONE = (): boolean => false;

/** Whether the string at a path is free multi-line text, per a JSON schema's `multiline: true` marks (cached). */
export function multilineTest(schema: unknown): (path: Segment[]) => boolean {
  if (schema === null || typeof schema !== "object") return NONE;
  let paths = multilineBySchema.get(schema);
  if (!paths) {
    paths = multilinePaths(schema);
    multilineBySchema.set(schema, paths);
  }
  if (paths.size === 0) return NONE;
  const known = paths;
  return (path) => known.has(JSON.stringify(path.map((p) => (typeof p === "number" ? "*" : p))));
}

/**
 * `text` without what the policy refuses (control characters; lone surrogates; line breaks and tabs
 * become one space), trimmed; for cleaning what was stored before the policy existed. A text left
 * empty reads `empty`.
 */
export function withoutRefusedText(text: string, empty = "Sin nombre"): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += text[i]! + text[i + 1]!;
      i++;
      continue;
    }
    const fault = textFault(text[i]!);
    if (!fault) out += text[i];
    else if (fault.kind === "line_break" && !out.endsWith(" ")) out += " ";
  }
  const clean = out.trim();
  return clean.length > 0 ? clean : empty;
}
