// The page re-renders a component when its state changes, which replaces the focused control. These keep
// keyboard focus (and the caret in a search box) on the same control of the new rendering.

const WAIT_MS = 25;
const TRIES = 40;

export interface FocusScope {
  selector: string;
  attribute: string;
  value: string;
}

function replacement(control: HTMLElement, scope: FocusScope, key: string | undefined): HTMLElement | null {
  for (const root of control.ownerDocument.querySelectorAll<HTMLElement>(scope.selector)) {
    if (root.getAttribute(scope.attribute) !== scope.value) continue;
    for (const candidate of root.querySelectorAll<HTMLElement>("[data-focus-key]"))
      if (candidate.dataset.focusKey === key) return candidate;
  }
  return null;
}

/**
 * Focuses the control with the same `data-focus-key` (or `key`) in the new rendering once `control` has
 * left the document (a re-render), searching inside roots matching `scope`. Stops after about a second.
 */
export function keepFocus(control: HTMLElement, scope: FocusScope, key = control.dataset.focusKey): void {
  const caret = control instanceof HTMLInputElement ? control.selectionStart : null;
  let tries = 0;
  const check = () => {
    if (control.isConnected) {
      if (++tries < TRIES) setTimeout(check, WAIT_MS);
      return;
    }
    const active = control.ownerDocument.activeElement;
    if (active && active !== control.ownerDocument.body) return;
    const next = replacement(control, scope, key);
    if (!next) return;
    // The page may have scrolled elsewhere meanwhile (to the drill-down): focus without scrolling back.
    next.focus({preventScroll: true});
    if (next instanceof HTMLInputElement && caret !== null) next.setSelectionRange(caret, caret);
  };
  setTimeout(check, 0);
}
