// Serializes a snapshot as the zip the page reads: one member per file the page may fetch.
import JSZip from "jszip";
import type {SnapshotData} from "./snapshot.js";
import {toColumns, toShards} from "./snapshot.js";

export function snapshotZip({snapshot, rows, texts}: SnapshotData): JSZip {
  const zip = new JSZip();
  zip.file("runs.json", JSON.stringify(snapshot));
  zip.file("episodes.json", JSON.stringify(toColumns(rows)));
  toShards(texts).forEach((shard, i) => zip.file(`texts/${String(i).padStart(2, "0")}.json`, JSON.stringify(shard)));
  return zip;
}
