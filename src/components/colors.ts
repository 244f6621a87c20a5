// One fixed color per selected run, the same in every chart, and neutral grays for series that are not runs.

/**
 * Twelve mid-lightness hues that read on light and dark backgrounds, pairwise CIE76 ΔE > 24
 * (Observable 10 without its gray, plus magenta, olive and deep cyan).
 */
export const RUN_PALETTE = [
  "#4269d0",
  "#efb118",
  "#ff725c",
  "#6cc5b0",
  "#3ca951",
  "#ff8ab7",
  "#a463f2",
  "#97bbf5",
  "#9c6b4e",
  "#c2399a",
  "#8c9a2b",
  "#00829b"
];

/** Map/reduce measures: a gray ramp, so no measure can be mistaken for a run. */
export const MEASURE_COLORS = ["#d0d3d8", "#979ca5", "#5d636c"];

function labToHex(l: number, a: number, b: number): string | null {
  const fy = (l + 16) / 116;
  const inverse = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));
  const [x, y, z] = [0.95047 * inverse(fy + a / 500), inverse(fy), 1.08883 * inverse(fy - b / 200)];
  const linear = [
    3.2406 * x - 1.5372 * y - 0.4986 * z,
    -0.9689 * x + 1.8758 * y + 0.0415 * z,
    0.0557 * x - 0.204 * y + 1.057 * z
  ];
  if (linear.some((c) => c < -0.001 || c > 1.001)) return null;
  const gamma = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
  return `#${linear
    .map((c) =>
      Math.round(Math.min(1, Math.max(0, gamma(c))) * 255)
        .toString(16)
        .padStart(2, "0")
    )
    .join("")}`;
}

function hexToLab(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255].map((c) =>
    c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4
  );
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const [x, y, z] = [
    (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
  ];
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

const distance = (p: number[], q: number[]) => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);

/** Candidates for extra runs: CIE LCh at lightness 45/60/72, chroma 35/55, every 15° of hue, inside sRGB. */
const EXTRA_CANDIDATES = [45, 60, 72].flatMap((l) =>
  [35, 55].flatMap((c) =>
    Array.from({length: 24}, (_, i) =>
      labToHex(l, c * Math.cos((i * 15 * Math.PI) / 180), c * Math.sin((i * 15 * Math.PI) / 180))
    ).filter((hex): hex is string => hex !== null)
  )
);

/**
 * Colors after the palette are generated rather than repeated: each is the candidate farthest (CIE76)
 * from every color already in use, the palette and the measure grays included; the order is fixed.
 */
function farthestFirst(): string[] {
  const used = [...RUN_PALETTE, ...MEASURE_COLORS].map(hexToLab);
  const left = EXTRA_CANDIDATES.map((hex) => ({hex, lab: hexToLab(hex), spread: Infinity}));
  const extra: string[] = [];
  while (left.length) {
    // Each candidate's distance to the nearest used color, updated with the one color added last.
    const added = used.splice(0);
    for (const c of left) c.spread = Math.min(c.spread, ...added.map((lab) => distance(lab, c.lab)));
    const best = left.reduce((a, b) => (b.spread > a.spread ? b : a));
    extra.push(best.hex);
    used.push(best.lab);
    left.splice(left.indexOf(best), 1);
  }
  return extra;
}

let extra: string[] | null = null;
/** Computed the first time more than twelve runs are selected (a search over a few hundred colors). */
export const extraRunColors = (): string[] => (extra ??= farthestFirst());

/** Run id → color, in selection order; ids listed twice keep their first color. */
export function runPalette(runIds: string[]): Map<string, string> {
  const colors = new Map<string, string>();
  for (const id of runIds) {
    if (colors.has(id)) continue;
    const index = colors.size;
    colors.set(
      id,
      index < RUN_PALETTE.length
        ? RUN_PALETTE[index]
        : extraRunColors()[(index - RUN_PALETTE.length) % extraRunColors().length]
    );
  }
  return colors;
}

/** The color of a run that is not in the map (a run selected after the map was made). */
export const UNKNOWN_RUN_COLOR = "currentColor";
