// A component that builds part of itself again in an update hands the keyboard focus to the new part's
// counterpart at once: the user keeps their place with no waiting for the page to settle.

/** The control with this `data-focus-key` inside `root` (compared as text: keys may hold any run or episode id). */
export function byFocusKey(root: ParentNode, key: string | undefined | null): HTMLElement | null {
  if (!key) return null;
  for (const control of root.querySelectorAll<HTMLElement>("[data-focus-key]"))
    if (control.dataset.focusKey === key) return control;
  return null;
}

/**
 * Runs `change`; if it took the focus away from a control inside `root` (built again, or moved, which blurs it),
 * focuses `counterpart(held)`: by default the control of `root` with the same `data-focus-key`. The page may have
 * scrolled elsewhere meanwhile (to the drill-down), so focusing does not scroll.
 */
export function keepingFocus(
  root: HTMLElement,
  change: () => void,
  counterpart: (held: HTMLElement) => HTMLElement | null = (held) => byFocusKey(root, held.dataset.focusKey)
): void {
  const doc = root.ownerDocument;
  const active = doc.activeElement as HTMLElement | null;
  const held = active && active !== root && root.contains(active) ? active : null;
  change();
  if (!held) return;
  const now = doc.activeElement;
  // A control the change disabled (a pager's "next" on the last page) cannot be used: it loses the focus too.
  if (now === held && held.isConnected && !held.matches(":disabled")) return;
  // Something else took the focus meanwhile on purpose: leave it there.
  if (now && now !== doc.body && now !== held) return;
  counterpart(held)?.focus({preventScroll: true});
}
