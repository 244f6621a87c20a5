// Labels beside scatter dots without covering each other or the dots: each label takes the first free spot
// among a few around its dot (right, left, above, below, then further out), in pixel space.

export type TextAnchor = "start" | "middle" | "end";

export interface PlacedLabel {
  index: number;
  x: number;
  y: number;
  anchor: TextAnchor;
}

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const CHAR_PX = 5.9;
const LINE_PX = 12;
// Offsets clear a 6 px dot and the 10 px ring around Pareto runs.
const SPOTS: [number, number, TextAnchor][] = [
  [13, 0, "start"],
  [-13, 0, "end"],
  [0, -15, "middle"],
  [0, 16, "middle"],
  [12, -13, "start"],
  [12, 13, "start"],
  [-12, -13, "end"],
  [-12, 13, "end"],
  [12, -25, "start"],
  [12, 25, "start"],
  [-12, -25, "end"],
  [-12, 25, "end"]
];

const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

function boxOf(x: number, y: number, anchor: TextAnchor, text: string): Box {
  const width = text.length * CHAR_PX;
  const x1 = anchor === "start" ? x : anchor === "end" ? x - width : x - width / 2;
  return {x1, y1: y - LINE_PX / 2, x2: x1 + width, y2: y + LINE_PX / 2};
}

/**
 * Places labels for dots at pixel positions, in the given priority order (earlier items get the best spots).
 * A label with no free spot takes the first spot inside the frame, even if it overlaps.
 */
export function placeLabels(
  items: {x: number; y: number; text: string}[],
  frame: {left: number; right: number; top: number; bottom: number},
  dotRadius = 6
): PlacedLabel[] {
  const taken: Box[] = items.map(({x, y}) => ({
    x1: x - dotRadius,
    y1: y - dotRadius,
    x2: x + dotRadius,
    y2: y + dotRadius
  }));
  const inside = (box: Box) =>
    box.x1 >= frame.left && box.x2 <= frame.right && box.y1 >= frame.top && box.y2 <= frame.bottom;
  return items.map((item, index) => {
    const spots = SPOTS.map(([dx, dy, anchor]) => ({
      x: item.x + dx,
      y: item.y + dy,
      anchor,
      box: boxOf(item.x + dx, item.y + dy, anchor, item.text)
    }));
    const free = spots.find((spot) => inside(spot.box) && !taken.some((box) => overlaps(box, spot.box)));
    const spot = free ?? spots.find((candidate) => inside(candidate.box)) ?? spots[0];
    taken.push(spot.box);
    return {index, x: spot.x, y: spot.y, anchor: spot.anchor};
  });
}
