import { HttpException, HttpStatus } from '@nestjs/common';

interface Window {
  startedAt: number;
  count: number;
}

/**
 * Fixed one-minute windows in this process's memory: one budget per API key once it is authenticated, one per
 * client address for callers without a valid key, and a separate, small budget of failed authentications per
 * address. Several API processes each keep their own counts (the README says so).
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private lastSweep = Date.now();

  constructor(
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request against `bucket`; false once more than `limit` fell in the current window. */
  hit(bucket: string, limit: number): boolean {
    return this.current(bucket).count++ < limit;
  }

  /** Seconds until the current windows end, for Retry-After. */
  retryAfterSeconds(bucket: string): number {
    const window = this.windows.get(bucket);
    return window ? Math.max(1, Math.ceil((window.startedAt + this.windowMs - this.now()) / 1000)) : 1;
  }

  private current(bucket: string): Window {
    const now = this.now();
    if (now - this.lastSweep > this.windowMs) this.sweep(now);
    let window = this.windows.get(bucket);
    if (!window || now - window.startedAt >= this.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(bucket, window);
    }
    return window;
  }

  /** Drops ended windows, so a flood of addresses or keys cannot grow the map without bound. */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [bucket, window] of this.windows) if (now - window.startedAt >= this.windowMs) this.windows.delete(bucket);
  }
}

export class TooManyRequestsException extends HttpException {
  constructor(
    code: 'RATE_LIMITED' | 'TOO_MANY_AUTH_FAILURES',
    readonly retryAfterSeconds: number,
  ) {
    const message = code === 'RATE_LIMITED' ? '请求过于频繁，请稍后再试' : '来自此地址的无效密钥过多，请稍后再试';
    super({ statusCode: HttpStatus.TOO_MANY_REQUESTS, error: code, message }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
