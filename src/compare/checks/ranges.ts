// Where a check fires, as character ranges: the type, the collector that keeps them, a check's verdict from them.

/** [start, end): UTF-16 offsets into the text, as String.prototype.slice takes them. */
export type Range = [start: number, end: number];

/** Ranges kept per check, far more than a drill-down marks; whether a check fires never depends on this. */
export const MAX_RANGES = 1000;

/** Keeps ranges in text order, merging one that touches the last; `full` once MAX_RANGES are kept. */
export class Collector {
  ranges: Range[] = [];
  get full() {
    return this.ranges.length >= MAX_RANGES;
  }
  add(start: number, end: number) {
    const last = this.ranges[this.ranges.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else if (this.ranges.length < MAX_RANGES) this.ranges.push([start, end]);
  }
}
export const collector = () => new Collector();

/** A check's verdict from its ranges: true when it fires, null where it does not apply. */
export const fires = (ranges: Range[] | null): boolean | null => (ranges === null ? null : ranges.length > 0);
