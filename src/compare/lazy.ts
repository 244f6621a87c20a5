/** Defines an own enumerable property computed on first read (so JSON.stringify still writes it), then kept. */
export function lazy<T extends object>(target: T, key: string, compute: () => unknown): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, {value, enumerable: true, writable: true, configurable: true});
      return value;
    }
  });
}
