import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';

/** How long a stopping API waits for the requests it has already accepted. */
const DRAIN_MS = 15_000;

/**
 * On SIGTERM Nest closes the database and the queue (onApplicationShutdown) before it stops the HTTP server, so
 * a request in flight could store its report and then lose the connection before its assessment was written.
 * This stops accepting connections first and waits for the requests already accepted (up to DRAIN_MS).
 */
@Injectable()
export class RequestDrain implements BeforeApplicationShutdown {
  private open = 0;
  private drained?: () => void;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  readonly middleware = (_req: Request, res: Response, next: NextFunction): void => {
    this.open++;
    res.once('close', () => {
      if (--this.open === 0) this.drained?.();
    });
    next();
  };

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    server.close();
    server.closeIdleConnections();
    if (this.open === 0) return;
    await new Promise<void>((resolve) => {
      this.drained = resolve;
      setTimeout(resolve, DRAIN_MS).unref();
    });
  }
}
