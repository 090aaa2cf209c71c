import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { bearerKey, hashApiKey } from './api-key-hash';

/** Limits are per API key (a supervising body behind one NAT must not share an agency's budget); per IP without one. */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const key = bearerKey(req.headers?.authorization);
    return key ? `key:${hashApiKey(key)}` : `ip:${req.ip ?? 'unknown'}`;
  }

  /** One budget per key across all routes (the default counts each route separately). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
