// The snapshot's baseline: the least work that touches the same data. Read every run artifact the loader reads
// and JSON.parse it (JSON files whole, JSON Lines line by line), nothing else.
import {readdir, readFile} from "node:fs/promises";
import {join} from "node:path";

const JSON_FILES = ["metrics.json", "fingerprint.json", "run_summary.json"];
const JSONL_FILES = ["predictions.jsonl", "diagnostics.jsonl"];
const KIND_FOLDERS = ["runs", "baselines", "references"];

/** Every directory below runs/, baselines/, references/ that holds predictions.jsonl or metrics.json. */
export async function runDirs(evalDir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string) {
    const entries = await readdir(dir, {withFileTypes: true}).catch(() => []);
    if (entries.some((e) => e.name === "predictions.jsonl" || e.name === "metrics.json")) found.push(dir);
    for (const e of entries) if (e.isDirectory()) await walk(join(dir, e.name));
  }
  for (const folder of KIND_FOLDERS) await walk(join(evalDir, folder));
  return found;
}

export interface BareReadResult {
  files: number;
  bytes: number;
  values: number;
}

export async function bareRead(evalDir: string, dirs?: string[]): Promise<BareReadResult> {
  const result: BareReadResult = {files: 0, bytes: 0, values: 0};
  const parse = (text: string) => {
    try {
      JSON.parse(text);
      result.values++;
    } catch {
      // malformed on purpose in some trees; the loader reports these, the bare read skips them
    }
  };
  for (const dir of dirs ?? (await runDirs(evalDir))) {
    for (const name of [...JSON_FILES, ...JSONL_FILES]) {
      const bytes = await readFile(join(dir, name)).catch(() => null);
      if (!bytes) continue;
      result.files++;
      result.bytes += bytes.length;
      const text = bytes.toString("utf8");
      if (name.endsWith(".jsonl")) {
        for (const line of text.split("\n")) if (line.trim()) parse(line);
      } else parse(text);
    }
  }
  return result;
}
