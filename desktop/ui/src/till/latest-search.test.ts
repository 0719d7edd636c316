import { describe, expect, it } from "vitest";
import { enterAction, latestSearch } from "./latest-search.js";

/** A search whose answers the test hands out one by one, as a slow server would. */
function server() {
  const asked: string[] = [];
  const pending: { text: string; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const run = (text: string) =>
    new Promise<string>((resolve, reject) => {
      asked.push(text);
      pending.push({ text, resolve, reject });
    });
  const answer = async () => {
    const next = pending.shift();
    if (!next) throw new Error("no request in flight");
    next.resolve(`results for ${next.text}`);
    await new Promise((r) => setTimeout(r, 0));
  };
  const refuse = async () => {
    pending.shift()?.reject(new Error("offline"));
    await new Promise((r) => setTimeout(r, 0));
  };
  return { asked, pending, run, answer, refuse };
}

describe("search as you type at the till", () => {
  it("searches the first text at once, without waiting for the typing to stop", () => {
    const s = server();
    const searcher = latestSearch(
      s.run,
      () => {},
      () => {},
    );
    searcher.search("le");
    expect(s.asked).toEqual(["le"]);
  });

  it("keeps one request in flight and, when it returns, searches only the newest text typed meanwhile", async () => {
    const s = server();
    const shown: string[] = [];
    const searcher = latestSearch(
      s.run,
      (_t, a) => shown.push(a),
      () => {},
    );
    searcher.search("le");
    searcher.search("lec");
    searcher.search("lech");
    expect(s.asked).toEqual(["le"]);
    await s.answer();
    // "le" is no longer what the field says: its answer is not shown, "lec" is skipped.
    expect(shown).toEqual([]);
    expect(s.asked).toEqual(["le", "lech"]);
    await s.answer();
    expect(shown).toEqual(["results for lech"]);
    expect(s.pending).toHaveLength(0);
  });

  it("shows nothing that arrives after the field was cleared", async () => {
    const s = server();
    const shown: string[] = [];
    const searcher = latestSearch(
      s.run,
      (_t, a) => shown.push(a),
      () => {},
    );
    searcher.search("yerba");
    searcher.search("yerba m");
    searcher.cancel();
    await s.answer();
    expect(shown).toEqual([]);
    expect(s.asked).toEqual(["yerba"]);
  });

  it("searches again after a cleared field once the old request returns", async () => {
    const s = server();
    const shown: string[] = [];
    const searcher = latestSearch(
      s.run,
      (_t, a) => shown.push(a),
      () => {},
    );
    searcher.search("ar");
    searcher.cancel();
    searcher.search("agua");
    await s.answer();
    expect(shown).toEqual([]);
    await s.answer();
    expect(shown).toEqual(["results for agua"]);
  });

  it("reports a failed search of the newest text, and a failure of an older one is not reported", async () => {
    const s = server();
    const failed: string[] = [];
    const searcher = latestSearch(
      s.run,
      () => {},
      (t) => failed.push(t),
    );
    searcher.search("te");
    searcher.search("tea");
    await s.refuse();
    expect(failed).toEqual([]);
    await s.refuse();
    expect(failed).toEqual(["tea"]);
  });
});

describe("Enter at the till", () => {
  it("picks from the list only when the list answers exactly the text typed", () => {
    expect(enterAction("coca", "coca", 3)).toBe("pick");
    // A scanner typed the loyalty card faster than the search of its first letters came back.
    expect(enterAction("MOST-000123", "MO", 5)).toBe("search");
    expect(enterAction("coca", null, 0)).toBe("search");
  });

  it("scans digits as a barcode whatever the list shows", () => {
    expect(enterAction("7790895000997", "77", 2)).toBe("code");
    expect(enterAction("7", null, 0)).toBe("code");
  });

  it("takes a searched text that found nothing as a code, unless it has spaces (a name not found stays)", () => {
    expect(enterAction("MOST-000123", "MOST-000123", 0)).toBe("code");
    expect(enterAction("lucia fernandez", "lucia fernandez", 0)).toBe("nothing");
    expect(enterAction("", null, 0)).toBe("nothing");
  });
});
