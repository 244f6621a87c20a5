// The t and normal distributions (CDFs, quantiles) and the incomplete beta and gamma functions beneath them.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];

function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const shifted = x - 1;
  let series = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) series += LANCZOS[i] / (shifted + i);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(series);
}

/** lgamma(x) minus its Stirling approximation, for x >= 10. */
function stirlingRemainder(x: number): number {
  const s = 1 / (x * x);
  return (1 / 12 - s * (1 / 360 - s * (1 / 1260 - s * (1 / 1680 - s / 1188)))) / x;
}

/** log B(a, b) as R's lbeta does it: three log-gammas of a large df would cancel away ten digits. */
function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  const share = p / (p + q);
  const remainder = stirlingRemainder(q) - stirlingRemainder(p + q);
  if (p >= 10) {
    const stirling = 0.5 * Math.log((2 * Math.PI) / q) + (p - 0.5) * Math.log(share) + q * Math.log1p(-share);
    return stirling + stirlingRemainder(p) + remainder;
  }
  if (q >= 10) return logGamma(p) + remainder + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-share);
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/** b0 + a(1) / (b(1) + a(2) / (b(2) + ...)) by the modified Lentz method. */
function continuedFraction(b0: number, a: (j: number) => number, b: (j: number) => number): number {
  const tiny = 1e-300;
  let value = b0 === 0 ? tiny : b0;
  let c = value;
  let d = 0;
  for (let j = 1; j <= 10_000; j++) {
    d = b(j) + a(j) * d;
    c = b(j) + a(j) / c;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    if (Math.abs(c) < tiny) c = tiny;
    value *= c * d;
    if (Math.abs(c * d - 1) <= 2 * Number.EPSILON) break;
  }
  return value;
}

/** I_x(a, b); y = 1 - x and the logarithms come separately so that callers keep precision near 0 and 1. */
export function regularizedBeta(
  x: number,
  y: number,
  a: number,
  b: number,
  logX = Math.log(x),
  logY = Math.log(y)
): number {
  if (logX === -Infinity) return 0;
  if (logY === -Infinity) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedBeta(y, x, b, a, logY, logX);
  const front = Math.exp(a * logX + b * logY - logBeta(a, b)) / a;
  const term = (j: number) => {
    const m = Math.floor(j / 2);
    return j % 2 === 0
      ? (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m))
      : (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
  };
  return front / continuedFraction(1, term, () => 1);
}

/** Upper regularized gamma Q(a, x): series for P below a + 1, continued fraction above. */
function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(a * Math.log(x) - x - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let k = 1; k < 10_000 && term > sum * Number.EPSILON; k++) {
      term *= x / (a + k);
      sum += term;
    }
    return 1 - front * sum;
  }
  return (
    front /
    continuedFraction(
      x + 1 - a,
      (j) => -j * (j - a),
      (j) => x + 1 - a + 2 * j
    )
  );
}

/** P(T > t) for t >= 0. */
function tUpperTail(t: number, df: number): number {
  const ratio = df / t / t;
  if (ratio === Infinity) return 0.5;
  return (
    0.5 * regularizedBeta(ratio / (1 + ratio), 1 / (1 + ratio), df / 2, 0.5, -logKernel(t, df), -Math.log1p(ratio))
  );
}

/** log(1 + t² / df): the log1p form keeps large df accurate, the other survives t² overflowing when df < 2. */
function logKernel(t: number, df: number): number {
  return t < 1e100 ? Math.log1p((t * t) / df) : 2 * Math.log(t) - Math.log(df) + Math.log1p(df / t / t);
}

function tDensity(t: number, df: number): number {
  const logNorm = -logBeta(df / 2, 0.5) - 0.5 * Math.log(df);
  return Math.exp(logNorm - ((df + 1) / 2) * logKernel(t, df));
}

export function tCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  return t < 0 ? tUpperTail(-t, df) : 1 - tUpperTail(t, df);
}

/** The t >= 0 with P(T > t) = q, q <= 1/2: doubling bracket, then Newton kept inside it by bisection. */
function tUpperQuantile(q: number, df: number): number {
  if (q >= 0.5) return 0;
  let lo = 0;
  let hi = Math.max(1, -normalQuantile(q));
  while (tUpperTail(hi, df) > q) [lo, hi] = [hi, hi * 2];
  let t = hi;
  for (let iteration = 0; iteration < 200; iteration++) {
    const excess = tUpperTail(t, df) - q;
    if (excess > 0) lo = t;
    else hi = t;
    let next = t + excess / tDensity(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * next || hi - lo <= 1e-15 * hi) return next;
    t = next;
  }
  return t;
}

export function tQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // 1 - p is exact for p >= 1/2, so the work happens in whichever tail is small.
  return p < 0.5 ? -tUpperQuantile(p, df) : tUpperQuantile(1 - p, df);
}

export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const upperTail = 0.5 * upperRegularizedGamma(0.5, (z * z) / 2);
  return z < 0 ? upperTail : 1 - upperTail;
}

const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239
];
const ACKLAM_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1, 1
];
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783
];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416, 1];

function polynomial(coefficients: number[], x: number): number {
  return coefficients.reduce((sum, c) => sum * x + c, 0);
}

/** Acklam's approximation (1e-9) for p <= 1/2, then one Halley step against normalCdf. */
function lowerNormalQuantile(p: number): number {
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = polynomial(ACKLAM_C, q) / polynomial(ACKLAM_D, q);
  } else {
    const q = p - 0.5;
    x = (q * polynomial(ACKLAM_A, q * q)) / polynomial(ACKLAM_B, q * q);
  }
  const u = (normalCdf(x) - p) * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return Number.isFinite(u) ? x - u / (1 + (x * u) / 2) : x;
}

export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  return p <= 0.5 ? lowerNormalQuantile(p) : -lowerNormalQuantile(1 - p);
}
