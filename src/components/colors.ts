// One fixed color per run across every chart; a palette that stays distinct for common color-vision deficiencies.
export const RUN_PALETTE = ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5", "#9c6b4e", "#9498a0"];

export function runColors(runIds: string[]): {domain: string[]; range: string[]} {
  return {domain: runIds, range: runIds.map((_, i) => RUN_PALETTE[i % RUN_PALETTE.length])};
}

export function colorOf(runIds: string[], id: string): string {
  const index = runIds.indexOf(id);
  return RUN_PALETTE[(index < 0 ? 0 : index) % RUN_PALETTE.length];
}
