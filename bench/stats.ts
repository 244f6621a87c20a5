// Small measuring helpers shared by the bench modules: medians, timed repetitions, byte and time formatting.

export function median(values: number[]): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Sampled {
  median: number;
  samples: number[];
}

export function sampled(samples: number[]): Sampled {
  return {median: median(samples), samples};
}

/** Milliseconds one call takes. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ms: number; value: T}> {
  const start = performance.now();
  const value = await fn();
  return {ms: performance.now() - start, value};
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "—";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(2)} MiB`;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  return ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${ms.toFixed(1)} ms`;
}

export function log(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}
