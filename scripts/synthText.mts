// Words, sentences and episode seeds for scripts/synth.mts: deterministic from a seed.
import {createHash} from "node:crypto";
import {mulberry32 as seededRandom} from "../src/compare/seededRandom.js";

// ---------- seeded randomness ----------
export function seedOf(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5;
  const key = parts.join("\u0000");
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
export type Rng = () => number;
export const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
export const pick = <T,>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
export const normal = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
export const sha = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

// ---------- words and sentences (no gate phrases, no colons: gates are injected on purpose only) ----------
export const VOCAB =
  `the a of and to in that it is was for on with as at by from this be are have not but or an they which one
all were we when there can more if no out so what up about into than them only other new some could time these two may
then first any like now such our over even most also after made many before must through back years where much way well
down should because each just those people how too little state
good very make world still own see men work long get here
between both life being under never day same another know while last might great old year off come since against go came
right used take three states himself few house use during
without again place around however home small found thought went
say part once general high upon school every does got united
left number course war until always away something fact though
water less public put think almost hand enough far took head yet government system better set told nothing night end why
called didn find going look asked later knew point next program city business give group toward young days let room
president side social given present several order national
possible rather second face per among form important often things
early white case john become large big need four within felt along children saw best church ever least power development
light thing seemed family interest want members mind country area others done turned although open problem sense service
trail drainage soil traction berm cadence tire pressure suspension
chain bolts pads maintenance riders segment climbs brakes
alerting oncall incident ownership timeouts retries blast radius rotation pager runbook latency deploy rollback database
cluster garden compost seedlings irrigation harvest pruning
mulch frost orchard sourdough fermentation flour hydration oven
crust starter budget savings interest mortgage inflation portfolio dividends retirement market volatility research model
training dataset evaluation benchmark summary episode podcast
listeners interview story history archive museum expedition
climate carbon emissions policy energy solar battery grid storage
turbine efficiency transport cities housing zoning transit
neighborhood community volunteers library teachers students curriculum assessment reading writing language memory sleep
exercise nutrition recovery muscles endurance coaching practice
habit routine discipline focus attention patience strategy
negotiation leadership hiring feedback culture product design
prototype customers pricing launch growth metrics experiment`
    .split(/\s+/)
    .filter(Boolean);
const CONNECTORS = [
  "however",
  "meanwhile",
  "in practice",
  "as a result",
  "for example",
  "in short",
  "by contrast",
  "over time"
];

export function sentence(rng: Rng, topic: readonly string[]): string {
  const length = int(rng, 8, 24);
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(rng() < 0.3 ? pick(rng, topic) : pick(rng, VOCAB));
  if (rng() < 0.25) words.splice(int(rng, 2, length - 2), 0, ",");
  if (rng() < 0.15) words.unshift(pick(rng, CONNECTORS) + ",");
  const text = words.join(" ").replace(/ ,/g, ",");
  return text[0].toUpperCase() + text.slice(1) + ".";
}

export interface EpisodeSeed {
  id: string;
  title: string;
  topic: string[];
  pool: string[];
  inputChars: number;
  inputHash: string;
}

export function episodeSeeds(seed: number, count: number): EpisodeSeed[] {
  return Array.from({length: count}, (_, i) => {
    const rng = seededRandom(seedOf(seed, "episode", i));
    const topic = Array.from({length: 12}, () => pick(rng, VOCAB));
    const id = `p${String(Math.floor(i / 10) + 1).padStart(4, "0")}_e${String((i % 10) + 1).padStart(2, "0")}`;
    return {
      id,
      title: `${topic[0][0].toUpperCase()}${topic[0].slice(1)} and ${topic[1]}`,
      topic,
      pool: Array.from({length: 40}, () => sentence(rng, topic)),
      inputChars: int(rng, 16_000, 48_000),
      inputHash: sha(`input:${seed}:${id}`)
    };
  });
}
