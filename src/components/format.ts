// Number formats shared by every component, so one value reads the same everywhere.
import {format} from "d3-format";

const integer = format(",d");
const decimal1 = format(",.1f");
const decimal2 = format(",.2f");
const decimal3 = format(".3f");
const percent = format(".0%");
const signedPercent = format("+.0%");

export const DASH = "—";

export function formatValue(value: number | null | undefined, unit: "count" | "tokens" | "seconds" | "rate" | "score" = "count"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  switch (unit) {
    case "rate":
      return percent(value);
    case "seconds":
      return `${value < 10 ? decimal2(value) : decimal1(value)} s`;
    case "tokens":
      return Number.isInteger(value) ? integer(value) : decimal1(value);
    case "score":
      return decimal3(value);
    default:
      return Number.isInteger(value) ? integer(value) : decimal2(value);
  }
}

export function formatSignedPercent(value: number): string {
  return signedPercent(value);
}
