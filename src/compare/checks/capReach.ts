// Whether an output reaches its final stage's token cap, in recorded tokens or estimated ones.

/** An output at this share of its final stage's token cap is at the cap. */
export const CAP_SHARE = 0.9;
/** Estimated tokens above this multiple of the cap: the cap counts another model's tokens (unknown). */
export const CAP_MISMATCH = 1.6;

/**
 * Whether an output reaches CAP_SHARE of its final stage's token cap: in recorded tokens when the run records
 * them, else in estimated ones (then flagged). Estimated tokens above CAP_MISMATCH x the cap mean the cap counts
 * another tokenizer's tokens: unknown (null). Without a cap: unknown.
 */
export function capReach(
  recorded: number | null,
  estimated: number,
  cap: number | null
): {at_cap: boolean | null; estimated: boolean} {
  if (cap === null || !(cap > 0)) return {at_cap: null, estimated: false};
  if (recorded !== null) return {at_cap: recorded >= CAP_SHARE * cap, estimated: false};
  return {at_cap: estimated > CAP_MISMATCH * cap ? null : estimated >= CAP_SHARE * cap, estimated: true};
}
