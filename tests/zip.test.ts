// The snapshot zip writer, read back by JSZip (the library Framework extracts zip members with).
import JSZip from "jszip";
import {describe, expect, it} from "vitest";
import {zipChunks, type ZipMember} from "../loaders/writeZip.js";

const members: ZipMember[] = [
  {name: "runs.json", chunks: [Buffer.from('{"runs":[]}')]},
  {name: "texts/00.json", chunks: [Buffer.from("{"), Buffer.from('"a":"Grüße 🚲"'), Buffer.from(","), Buffer.from('"b":""'), Buffer.from("}")]},
  {name: "texts/01.json", chunks: []},
  {name: "données/é.json", chunks: [Buffer.alloc(100_000, 0x61)]}
];

describe("zipChunks", () => {
  it("writes members JSZip reads back byte for byte, names in UTF-8, chunks joined in order", async () => {
    const zip = await JSZip.loadAsync(Buffer.concat(zipChunks(members)), {checkCRC32: true});
    expect(Object.keys(zip.files)).toEqual(members.map((m) => m.name));
    for (const {name, chunks} of members) {
      expect(Buffer.from(await zip.file(name)!.async("uint8array"))).toEqual(Buffer.concat(chunks));
    }
  });

});
