import { createHash } from "node:crypto";

/** Uses of one SQL text before it is sent as a named (server-side prepared) statement. */
const HOT_AFTER = 3;
/** Distinct texts remembered; past this, new texts stay unnamed (a text built per call never fills a connection). */
const MAX_TEXTS = 1_000;

/**
 * Names the SQL texts the service sends over and over (an upload batch's handful, the auth look-ups,
 * the dashboards), so PostgreSQL parses and plans each once per connection instead of on every call, as
 * JDBC's `prepareThreshold` does. node-postgres prepares a named statement on a connection the first time
 * it runs there and only binds it afterwards. A text seen once or twice stays unnamed: a statement built
 * for one call (a list of placeholders of some length) must not pile up prepared on every connection.
 */
export class PreparedNames {
  private readonly seen = new Map<string, number>();
  private readonly names = new Map<string, string>();

  /** The statement's name once its text is hot, else undefined (sent unnamed, planned for this call). */
  nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known) return known;
    const uses = (this.seen.get(text) ?? 0) + 1;
    if (uses < HOT_AFTER) {
      if (this.seen.size < MAX_TEXTS || this.seen.has(text)) this.seen.set(text, uses);
      return undefined;
    }
    if (this.names.size >= MAX_TEXTS) return undefined;
    this.seen.delete(text);
    // A name from the text itself: the same text gets the same name on every connection and process.
    const name = `m_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    this.names.set(text, name);
    return name;
  }
}
