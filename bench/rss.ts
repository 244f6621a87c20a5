// Peak resident memory of a process tree, sampled from /proc: every descendant's VmHWM (its own peak),
// kept per process while it lives. Worker threads share their process's figure.
import {readdirSync, readFileSync} from "node:fs";

const SAMPLE_MS = 100;

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number)
    );
  } catch {
    return [];
  }
}

function status(pid: number): {name: string; hwmBytes: number} | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const hwm = /VmHWM:\s+(\d+) kB/.exec(text);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).slice(0, 3).join(" ");
    return hwm ? {name: cmdline, hwmBytes: Number(hwm[1]) * 1024} : null;
  } catch {
    return null;
  }
}

export class PeakRss {
  private peak = {bytes: 0, process: ""};
  private timer: NodeJS.Timeout;

  constructor(root: number) {
    const sample = () => {
      const pending = [root];
      while (pending.length) {
        const pid = pending.pop()!;
        const info = status(pid);
        if (info && info.hwmBytes > this.peak.bytes) this.peak = {bytes: info.hwmBytes, process: info.name};
        pending.push(...children(pid));
      }
    };
    sample();
    this.timer = setInterval(sample, SAMPLE_MS);
  }

  stop(): {bytes: number; process: string} {
    clearInterval(this.timer);
    return this.peak;
  }
}
