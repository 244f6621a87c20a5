/**
 * Resolves once the browser has painted what is on screen now: heavy DOM built after it does not hold that paint back.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}
