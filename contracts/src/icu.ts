import { IntlMessageFormat } from "intl-messageformat";

/**
 * ICU MessageFormat for the dictionaries (FormatJS's intl-messageformat): `{n, plural, one {…} other {…}}`
 * picks the form CLDR's plural rules give for the locale, `{gender, select, female {…} male {…} other {…}}`
 * picks by a value, and a plain `{name}` is filled as before. Tags are off: a "<" in a message is text.
 */

export type MessageVars = Record<string, string | number>;
export type ArgumentKind = "simple" | "plural" | "select";

type Ast = ReturnType<IntlMessageFormat["getAst"]>;

// Element types of the parser's AST (@formatjs/icu-messageformat-parser's TYPE enum).
const ARGUMENT = 1;
const NUMBER = 2;
const DATE = 3;
const TIME = 4;
const SELECT = 5;
const PLURAL = 6;
const TAG = 8;

/** Parses a message; throws on an ICU syntax error. */
export function compileMessage(message: string, locale: string): IntlMessageFormat {
  return new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
}

/** Every argument a message uses, nested ones included, with how it is used. */
export function messageArguments(
  ast: Ast,
  into = new Map<string, ArgumentKind>(),
): Map<string, ArgumentKind> {
  for (const el of ast) {
    if (el.type === SELECT || el.type === PLURAL) {
      into.set(el.value, el.type === SELECT ? "select" : "plural");
      for (const option of Object.values(el.options)) messageArguments(option.value, into);
    } else if (el.type === ARGUMENT || el.type === NUMBER || el.type === DATE || el.type === TIME) {
      if (!into.has(el.value)) into.set(el.value, "simple");
    } else if (el.type === TAG) {
      messageArguments(el.children, into);
    }
  }
  return into;
}

interface Compiled {
  format: IntlMessageFormat | null;
  args: Map<string, ArgumentKind>;
}

const compiled = new Map<string, Compiled>();

function compiledFor(locale: string, message: string): Compiled {
  const cacheKey = `${locale}\u0000${message}`;
  let entry = compiled.get(cacheKey);
  if (!entry) {
    try {
      const format = compileMessage(message, locale);
      entry = { format, args: messageArguments(format.getAst()) };
    } catch (error) {
      // A broken message shows as written rather than breaking the screen (messages.test.ts keeps them valid).
      console.error(`ICU message does not parse: ${message}`, error);
      entry = { format: null, args: new Map() };
    }
    compiled.set(cacheKey, entry);
  }
  return entry;
}

/**
 * Formats an ICU message, compiled once per locale and text. A value left out stays visible as `{name}`
 * so it gets noticed; a select left out takes its `other` branch (the neutral wording, e.g. when a
 * person's gender is not known).
 */
export function formatMessage(locale: string, message: string, vars: MessageVars = {}): string {
  const { format, args } = compiledFor(locale, message);
  if (!format) return message;
  const values: MessageVars = { ...vars };
  for (const [name, kind] of args) {
    if (!(name in values)) values[name] = kind === "select" ? "other" : `{${name}}`;
  }
  return String(format.format(values));
}

/** A count written straight before a plural word ("{n} devoluciones" reads "1 devoluciones"). */
const COUNT_BEFORE_PLURAL_WORD = /\{(n|count|total|online|accepted)\} [a-záéíóúñ]+s\b/i;

/**
 * What is wrong with a set of dictionaries, for their tests: a message that does not parse, a count
 * glued to a plural word instead of a plural argument, or a message whose arguments differ from the
 * reference language's (a count that is plural in one and plain in the other, a name only one of them
 * uses). Empty when they agree.
 */
export function dictionaryProblems(
  dictionaries: Record<string, Record<string, string>>,
  reference: string,
): string[] {
  const problems: string[] = [];
  const parsed = new Map<string, Map<string, string>>();
  for (const [locale, dictionary] of Object.entries(dictionaries)) {
    const signatures = new Map<string, string>();
    for (const [key, message] of Object.entries(dictionary)) {
      if (COUNT_BEFORE_PLURAL_WORD.test(message))
        problems.push(`${locale} ${key}: a count before a plural word; use {n, plural, one {…} other {…}}`);
      try {
        const args = messageArguments(compileMessage(message, locale).getAst());
        signatures.set(
          key,
          [...args]
            .map(([name, kind]) => `${name}:${kind}`)
            .sort()
            .join(", "),
        );
      } catch (error) {
        problems.push(`${locale} ${key}: ${(error as Error).message}`);
      }
    }
    parsed.set(locale, signatures);
  }
  const expected = parsed.get(reference) ?? new Map<string, string>();
  for (const [locale, signatures] of parsed) {
    if (locale === reference) continue;
    for (const [key, signature] of signatures) {
      const wanted = expected.get(key);
      if (wanted !== undefined && wanted !== signature)
        problems.push(`${locale} ${key}: uses {${signature}} where ${reference} uses {${wanted}}`);
    }
  }
  return problems;
}
