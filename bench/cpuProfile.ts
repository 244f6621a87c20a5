// Aggregates a V8 CPU profile (Node inspector or Chrome DevTools protocol) by function: self and inclusive ms.
// API-agnostic on purpose: it names whatever functions the loaders or the page currently have.

export interface ProfileNode {
  id: number;
  callFrame: {functionName: string; url: string; lineNumber: number};
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface FunctionCost {
  fn: string;
  selfMs: number;
  totalMs: number;
}

const IDLE = /^\((root|program|idle)\)/;

/** `shorten` turns a script URL into a short label (relative path); functions are keyed by name and location. */
export function aggregate(
  profile: CpuProfile,
  shorten: (url: string) => string,
  withLine = true
): {total: number; functions: FunctionCost[]; files: FunctionCost[]} {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) => {
    const where = shorten(n.callFrame.url);
    const line = withLine ? `:${n.callFrame.lineNumber + 1}` : "";
    return `${n.callFrame.functionName || "(anonymous)"}${where ? ` ${where}${line}` : ""}`;
  };
  const fns = new Map<string, FunctionCost>();
  const files = new Map<string, FunctionCost>();
  const entry = (map: Map<string, FunctionCost>, k: string) =>
    map.get(k) ?? (map.set(k, {fn: k, selfMs: 0, totalMs: 0}), map.get(k)!);
  let total = 0;
  samples.forEach((id, i) => {
    const ms = (deltas[i] ?? 0) / 1000;
    total += ms;
    const leaf = byId.get(id)!;
    entry(fns, key(leaf)).selfMs += ms;
    entry(files, shorten(leaf.callFrame.url) || "(native / VM)").selfMs += ms;
    const seenFn = new Set<string>();
    const seenFile = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur)!;
      const k = key(node);
      if (!seenFn.has(k)) seenFn.add(k), (entry(fns, k).totalMs += ms);
      const f = shorten(node.callFrame.url);
      if (f && !seenFile.has(f)) seenFile.add(f), (entry(files, f).totalMs += ms);
    }
  });
  const functions = [...fns.values()].filter((f) => !IDLE.test(f.fn) || f.selfMs > 0);
  return {total, functions, files: [...files.values()]};
}

export function formatCosts(title: string, costs: FunctionCost[], by: "selfMs" | "totalMs", top: number): string[] {
  const rows = [...costs]
    .filter((c) => !(by === "totalMs" && IDLE.test(c.fn)))
    .sort((a, b) => b[by] - a[by])
    .slice(0, top);
  return [title, ...rows.map((c) => `  ${c[by].toFixed(0).padStart(7)} ms  ${c.fn}`)];
}
