// A small element holding only text. Tables and diffs make hundreds per render; an htl template parse for
// each would dominate the render time. Text goes in as textContent, so it stays inert.
export function leaf(tag: string, className: string, text: string, title?: string): HTMLElement {
  const element = document.createElement(tag);
  if (className) element.className = className;
  element.textContent = text;
  if (title) element.title = title;
  return element;
}
