// JSON as Python's json.dumps writes it (", " and ": " separators, non-ASCII kept), optionally indented,
// so generated artifacts look like the real ones.
export function py(value: unknown, indent = 0, depth = 0): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const isArray = Array.isArray(value);
  const entries = isArray
    ? value.map((v) => [null, v] as const)
    : Object.entries(value).filter(([, v]) => v !== undefined);
  if (!entries.length) return isArray ? "[]" : "{}";
  const parts = entries.map(([k, v]) => (k === null ? "" : JSON.stringify(k) + ": ") + py(v, indent, depth + 1));
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  if (!indent) return open + parts.join(", ") + close;
  const pad = "\n" + " ".repeat(indent * (depth + 1));
  return open + pad + parts.join("," + pad) + "\n" + " ".repeat(indent * depth) + close;
}
