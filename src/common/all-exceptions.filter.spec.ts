import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DatabaseBusyError } from '../database/sqlite-serialised';
import { AllExceptionsFilter } from './all-exceptions.filter';

/** What the filter sent: status, headers and body. */
function send(exception: unknown) {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return sent;
}

describe('AllExceptionsFilter and a busy database', () => {
  it.each([
    ['the connection turn not had in time', new DatabaseBusyError('SQLITE_BUSY: the database connection stayed busy for 10000 ms')],
    ["SQLite's file lock not had in time", new QueryFailedError('INSERT INTO reports …', [], Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' }))],
  ])('%s: 503 DATABASE_BUSY with Retry-After and a Chinese message, no SQL', (_what, error) => {
    const sent = send(error);
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe('5');
    expect(sent.body).toEqual({ statusCode: 503, error: 'DATABASE_BUSY', message: '数据库繁忙，请稍后重试' });
  });

  it('another database failure stays a 500 without its SQL', () => {
    const sent = send(new QueryFailedError('SELECT secret FROM t', [], Object.assign(new Error('SQLITE_CORRUPT'), { code: 'SQLITE_CORRUPT' })));
    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toMatch(/SELECT|secret/);
  });
});
