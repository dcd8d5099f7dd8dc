/** Whether `value` is a thenable (a promise, or anything awaiting would wait on). */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";
}
