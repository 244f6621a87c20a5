// Types for the generated bundle (scripts/vendor.mjs): it is exactly @observablehq/plot.
export * from "@observablehq/plot";
