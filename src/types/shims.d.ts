// htl 0.3.1 and Inputs ship no types (docs/rules.md, "Platform facts the build relies on").
declare module "htl" {
  // Typed as the common case; callers that need a specific element cast it.
  export function html(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement;
  export function svg(strings: TemplateStringsArray, ...values: unknown[]): SVGElement;
}
declare module "@observablehq/inputs";
