// Every text shard named literally: Framework registers only FileAttachment calls with a literal name.
// Only the shards holding the episodes on screen are fetched (see compare/shards.ts for the assignment).
import {FileAttachment} from "observablehq:stdlib";

export const textShardFiles = [
  FileAttachment("./data/snapshot/texts/00.json"),
  FileAttachment("./data/snapshot/texts/01.json"),
  FileAttachment("./data/snapshot/texts/02.json"),
  FileAttachment("./data/snapshot/texts/03.json"),
  FileAttachment("./data/snapshot/texts/04.json"),
  FileAttachment("./data/snapshot/texts/05.json"),
  FileAttachment("./data/snapshot/texts/06.json"),
  FileAttachment("./data/snapshot/texts/07.json"),
  FileAttachment("./data/snapshot/texts/08.json"),
  FileAttachment("./data/snapshot/texts/09.json"),
  FileAttachment("./data/snapshot/texts/10.json"),
  FileAttachment("./data/snapshot/texts/11.json"),
  FileAttachment("./data/snapshot/texts/12.json"),
  FileAttachment("./data/snapshot/texts/13.json"),
  FileAttachment("./data/snapshot/texts/14.json"),
  FileAttachment("./data/snapshot/texts/15.json"),
  FileAttachment("./data/snapshot/texts/16.json"),
  FileAttachment("./data/snapshot/texts/17.json"),
  FileAttachment("./data/snapshot/texts/18.json"),
  FileAttachment("./data/snapshot/texts/19.json"),
  FileAttachment("./data/snapshot/texts/20.json"),
  FileAttachment("./data/snapshot/texts/21.json"),
  FileAttachment("./data/snapshot/texts/22.json"),
  FileAttachment("./data/snapshot/texts/23.json"),
  FileAttachment("./data/snapshot/texts/24.json"),
  FileAttachment("./data/snapshot/texts/25.json"),
  FileAttachment("./data/snapshot/texts/26.json"),
  FileAttachment("./data/snapshot/texts/27.json"),
  FileAttachment("./data/snapshot/texts/28.json"),
  FileAttachment("./data/snapshot/texts/29.json"),
  FileAttachment("./data/snapshot/texts/30.json"),
  FileAttachment("./data/snapshot/texts/31.json")
];
