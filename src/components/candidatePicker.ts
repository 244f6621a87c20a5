// "Episodes of <candidate>": which candidate's episodes the list shows, when there are several. Built once and
// updated in place, so a keyboard user choosing with the arrow keys keeps focus on it.
import {builder} from "./dom.js";

export type CandidatePickerElement = HTMLElement & {update: (candidates: string[], focus: string | null) => void};

export function CandidatePicker(onPick: (candidate: string) => void, document?: Document): CandidatePickerElement {
  const h = builder(document);
  const select = h("select", {"aria-label": "candidate", "data-testid": "candidate-select"}) as HTMLSelectElement;
  select.addEventListener("change", () => onPick(select.value));
  const label = h("label", {class: "focus-picker", hidden: true}, "Episodes of ", select);
  let shown: string[] = [];
  return Object.assign(label, {
    update(candidates: string[], focus: string | null) {
      label.hidden = candidates.length < 2;
      if (candidates.join("\n") !== shown.join("\n")) {
        select.replaceChildren(...candidates.map((id) => h("option", {value: id}, id)));
        shown = candidates;
      }
      select.value = focus ?? candidates[0] ?? "";
    }
  });
}
