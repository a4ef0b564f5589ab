/**
 * Reuse across versions of a file: for each document of the new version, the document of the
 * previous version with the same text, if there is one. The previous documents are walked in step
 * with the new ones (an edit changes, adds or removes a few in one place); once more than a few were
 * not found nearby (documents moved), they are looked up by text.
 */
export class SameText<T extends { readonly text: string }> {
  private readonly used: Uint8Array;
  private byText: Map<string, number[]> | undefined;
  private misses = 0;
  private next = 0;

  constructor(private readonly previous: readonly T[], private readonly lookahead = 3) {
    this.used = new Uint8Array(previous.length);
  }

  /** The previous document with this text that was not taken yet (now taken), or undefined. */
  take(text: string): T | undefined {
    const { previous, used } = this;
    let found = -1;
    for (let d = 0; d < this.lookahead && found < 0; d++) {
      const k = this.next + d;
      if (k < previous.length && !used[k] && previous[k].text === text) found = k;
    }
    if (found < 0 && ++this.misses > this.lookahead) {
      if (!this.byText) {
        const byText = new Map<string, number[]>();
        previous.forEach((c, k) => {
          const same = byText.get(c.text);
          if (same) same.push(k);
          else byText.set(c.text, [k]);
        });
        this.byText = byText;
      }
      found = this.byText.get(text)?.find((k) => !used[k]) ?? -1;
    }
    if (found < 0) return undefined;
    used[found] = 1;
    this.next = found + 1;
    return previous[found];
  }

  /** The previous documents not taken. */
  untaken(): T[] {
    return this.previous.filter((_, k) => !this.used[k]);
  }
}
