// Small inputs built with htl: they dispatch "input" and expose .value, so Generators.input can read them.
import {html} from "htl";

export function SearchBox(placeholder: string, value = ""): HTMLInputElement {
  return html`<input type="search" class="search" placeholder=${placeholder} value=${value} aria-label=${placeholder}>` as HTMLInputElement;
}

export function KindFilter(): HTMLSelectElement {
  return html`<select class="kind-filter" aria-label="kind">
    <option value="all">all kinds</option><option value="run">runs</option>
    <option value="baseline">baselines</option><option value="reference">references</option>
  </select>` as HTMLSelectElement;
}

export function Toggle(label: string, checked = false): HTMLElement & {value: boolean} {
  const box = html`<input type="checkbox" checked=${checked}>` as HTMLInputElement;
  const wrapper = html`<label class="toggle">${box} ${label}</label>` as HTMLElement & {value: boolean};
  Object.defineProperty(wrapper, "value", {get: () => box.checked});
  box.addEventListener("input", () => wrapper.dispatchEvent(new Event("input", {bubbles: true})));
  return wrapper;
}

/** A choice among selected runs; with testid "baseline-select" it is the baseline control of the DOM contract. */
export function RunSelect(runIds: string[], current: string | null, testid: string, onChange: (id: string) => void): HTMLSelectElement {
  const select = html`<select data-testid=${testid} aria-label=${testid.replace("-select", "")}>
    ${runIds.map((id) => html`<option value=${id} selected=${id === current}>${id}</option>`)}
  </select>` as HTMLSelectElement;
  select.addEventListener("change", () => onChange(select.value));
  return select;
}
