// The repetition check's rule: phrases said 3 or more times in a row, found as the shared scan streams words by.
import {collector, type Range} from "./ranges.js";

/** Phrases of 1 to MAX_PHRASE words said 3 or more times in a row are repetition. */
export const MAX_PHRASE = 5;

/** The last RING words seen (a power of two above MAX_PHRASE): enough to compare a word with the 5 before it. */
const RING = 8;

/**
 * Phrases said 3 or more times in a row, found as the words stream by: for each phrase length n, how many words
 * in a row have equalled the word n before. Words are compared by a 32-bit hash of their lowercased form and
 * length, so nothing but the last RING words is kept: a false repeat would take two collisions in a row.
 */
export class Repeats {
  count = 0;
  longest = 0;
  stretches: Range[] = [];
  private hashes = new Int32Array(RING);
  private starts = new Int32Array(RING);
  private ends = new Int32Array(RING);
  /** Per phrase length n (index n): words in a row equal to the word n before, and where that stretch starts. */
  private runs = new Int32Array(MAX_PHRASE + 1);
  private runStarts = new Int32Array(MAX_PHRASE + 1);

  word(start: number, end: number, textHash: number) {
    const {hashes, starts, ends, runs} = this;
    const hash = Math.imul(textHash ^ (end - start), 0x01000193);
    const w = this.count++;
    const slot = w & (RING - 1);
    hashes[slot] = hash;
    starts[slot] = start;
    ends[slot] = end;
    for (let n = 1; n <= MAX_PHRASE && n <= w; n++) {
      const before = (w - n) & (RING - 1);
      if (hashes[before] === hash) {
        // The stretch starts n words before the first word that repeats.
        if (runs[n]++ === 0) this.runStarts[n] = starts[before];
      } else if (runs[n] > 0) {
        this.close(n, ends[(w - 1) & (RING - 1)]);
      }
    }
  }

  /** Ends phrase length n's run, the stretch ending at `end`: a repeat once it holds 3 copies (run >= 2n). */
  close(n: number, end: number) {
    const run = this.runs[n];
    this.runs[n] = 0;
    if (run < 2 * n) return;
    this.longest = Math.max(this.longest, run + n);
    this.stretches.push([this.runStarts[n], end]);
  }

  finish(): {longest: number; ranges: Range[]} {
    const last = this.ends[(this.count - 1) & (RING - 1)];
    for (let n = 1; n <= MAX_PHRASE; n++) if (this.runs[n] > 0) this.close(n, last);
    // Phrases of different lengths find overlapping stretches ("go go go go go go"): in text order, merged.
    this.stretches.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const out = collector();
    for (const [start, end] of this.stretches) out.add(start, end);
    return {longest: this.longest, ranges: out.ranges};
  }
}
