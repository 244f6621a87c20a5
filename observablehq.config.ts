// Offline by construction: no Google Fonts, no footer link, no favicon request outside a sub-path.
export default {
  root: "src",
  // The build script stages into a scratch folder and only then swaps it in as dist/.
  output: process.env.RUN_COMPARE_OUTPUT ?? "dist",
  title: "Run Compare",
  style: "style.css",
  globalStylesheets: [],
  footer: "",
  head: '<link rel="icon" href="data:,">',
  sidebar: false,
  toc: false,
  pager: false,
  preserveExtension: true
};
