// A small element builder on a given document (the page's, or JSDOM's in tests). Text goes in as text nodes only.

export type Child = Node | string | number | null | undefined | false | Child[];
export type Attributes = Record<string, string | number | boolean | null | undefined>;

export type Build = (tag: string, attributes?: Attributes, ...children: Child[]) => HTMLElement;

function append(parent: Node, doc: Document, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (typeof child !== "object") parent.appendChild(doc.createTextNode(String(child)));
  else if (Array.isArray(child)) for (const item of child) append(parent, doc, item);
  else parent.appendChild(child);
}

/**
 * Cheap enough for tables rebuilt on every change: a text-only element gets its text in one step (still a text node).
 */
export function builder(doc: Document = globalThis.document): Build {
  return (tag, attributes, ...children) => {
    const node = doc.createElement(tag);
    for (const name in attributes) {
      const value = attributes[name];
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(name, value === true ? "" : String(value));
    }
    const only = children.length === 1 ? children[0] : undefined;
    if (typeof only === "string" || typeof only === "number") node.textContent = String(only);
    else for (const child of children) append(node, doc, child);
    return node;
  };
}

/** An inline SVG legend swatch: a filled square, a dot, a diamond, a dashed or an arrowed line. */
export function swatch(
  doc: Document,
  shape: "square" | "dot" | "diamond" | "dashed" | "arrow",
  color: string
): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = doc.createElementNS(ns, "svg");
  svg.setAttribute("width", shape === "dashed" || shape === "arrow" ? "22" : "12");
  svg.setAttribute("height", "12");
  svg.setAttribute("class", "rc-swatch");
  svg.setAttribute("aria-hidden", "true");
  const shapes: Record<typeof shape, [string, Record<string, string>]> = {
    square: ["rect", {x: "1", y: "1", width: "10", height: "10", fill: color}],
    dot: ["circle", {cx: "6", cy: "6", r: "4.5", fill: color}],
    diamond: ["path", {d: "M6 0.5L11.5 6L6 11.5L0.5 6Z", fill: color, stroke: "currentColor"}],
    dashed: ["path", {d: "M1 6H21", stroke: color, "stroke-width": "1.5", "stroke-dasharray": "4 3", fill: "none"}],
    arrow: ["path", {d: "M1 6H19M15 3L19 6L15 9", stroke: color, "stroke-width": "1", fill: "none"}]
  };
  const [tag, attributes] = shapes[shape];
  const node = doc.createElementNS(ns, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  svg.appendChild(node);
  return svg;
}

const BREAKS_AFTER = new Set(["/", "_", "-", "."]);

/** The id with break opportunities after "/", "_", "-" and ".", so a long id wraps whole, never clipped. */
export function breakableId(h: Build, id: string): Child[] {
  const parts: Child[] = [];
  let start = 0;
  for (let i = 0; i < id.length - 1; i++) {
    if (!BREAKS_AFTER.has(id[i])) continue;
    parts.push(id.slice(start, i + 1), h("wbr"));
    start = i + 1;
  }
  parts.push(id.slice(start));
  return parts;
}
