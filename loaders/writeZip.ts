// Serializes a snapshot as the zip the page reads: one member per file the page may fetch.
import JSZip from "jszip";
import type {SnapshotData} from "./snapshot.js";
import {toColumns, toShards} from "./snapshot.js";

// Members go in as Buffers: JSZip's own string-to-UTF-8 encoding is several times slower than Node's.
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

export function snapshotZip({snapshot, rows, texts}: SnapshotData): JSZip {
  const zip = new JSZip();
  zip.file("runs.json", bytes(snapshot));
  zip.file("episodes.json", bytes(toColumns(rows)));
  toShards(rows, texts).forEach((shard, i) => zip.file(`texts/${String(i).padStart(2, "0")}.json`, bytes(shard)));
  return zip;
}
