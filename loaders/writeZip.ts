// A minimal zip writer: stored (uncompressed) members, as Framework's zip extraction reads them.
// Fixed timestamps make the same snapshot produce the same bytes.
import {crc32} from "node:zlib";

export interface ZipMember {
  name: string;
  /** The member's bytes, in pieces (written one after another, never copied into one buffer). */
  chunks: Buffer[];
}

const UTF8_NAMES = 0x0800;
const VERSION = 20;
const DOS_DATE_1980_01_01 = (1 << 5) | 1;
const MAX_UINT32 = 0xffffffff;

/** The archive as a list of chunks, in file order; no zip64, so members and offsets stay below 4 GiB. */
export function zipChunks(members: readonly ZipMember[]): Buffer[] {
  if (members.length >= 0xffff) throw new Error(`zip: ${members.length} members; at most 65534 without zip64`);
  const archive: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const {name, chunks} of members) {
    const fileName = Buffer.from(name);
    const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    if (size >= MAX_UINT32 || offset >= MAX_UINT32) throw new Error(`zip: ${name} lies beyond 4 GiB`);
    const crc = chunks.reduce((crc, chunk) => crc32(chunk, crc), 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(local, 4, crc, size, fileName.length);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(VERSION, 4); // version made by
    writeEntryFields(entry, 6, crc, size, fileName.length);
    entry.writeUInt32LE(offset, 42);
    archive.push(local, fileName, ...chunks);
    central.push(entry, fileName);
    offset += local.length + fileName.length + size;
  }
  const centralSize = central.reduce((sum, chunk) => sum + chunk.length, 0);
  if (offset + centralSize >= MAX_UINT32) throw new Error("zip: central directory lies beyond 4 GiB");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return [...archive, ...central, end];
}

/** The fields local and central headers share, from "version needed" to "extra length". */
function writeEntryFields(header: Buffer, at: number, crc: number, size: number, nameLength: number) {
  header.writeUInt16LE(VERSION, at);
  header.writeUInt16LE(UTF8_NAMES, at + 2);
  header.writeUInt16LE(0, at + 4); // stored
  header.writeUInt16LE(0, at + 6); // time 00:00:00
  header.writeUInt16LE(DOS_DATE_1980_01_01, at + 8);
  header.writeUInt32LE(crc, at + 10);
  header.writeUInt32LE(size, at + 14); // compressed
  header.writeUInt32LE(size, at + 18); // uncompressed
  header.writeUInt16LE(nameLength, at + 22);
}
