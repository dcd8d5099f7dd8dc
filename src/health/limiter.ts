/** A counting semaphore: at most `limit` holders at once, the rest wait in FIFO order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** A global limit plus one per key (provider): a probe holds one slot of each. */
export class KeyedLimiter {
  private readonly global: Semaphore;
  private readonly perKey = new Map<string, Semaphore>();

  constructor(
    globalLimit: number,
    private readonly keyLimit: number,
  ) {
    this.global = new Semaphore(globalLimit);
  }

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let sem = this.perKey.get(key);
    if (!sem) this.perKey.set(key, (sem = new Semaphore(this.keyLimit)));
    // Per-key first, so a busy provider's waiters do not hold global slots.
    return sem.run(() => this.global.run(fn));
  }
}
