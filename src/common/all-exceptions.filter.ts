import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { isClientError } from './client-error';

/**
 * One error shape for every response, {statusCode, error, message}, and never a stack trace or SQL: the
 * details go to the log. Errors from body parsers and multer that carry a 4xx status keep it.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, message, body, code } = this.describe(exception);
    if (status >= 500 && !body) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (response.headersSent) return;
    if (status === 503 && code === 'database_busy') response.setHeader('Retry-After', '5');
    response.status(status).json(body ?? { statusCode: status, error: code ?? HttpStatus[status] ?? 'Error', message });
  }

  private describe(exception: unknown): { status: number; message: string | string[]; body?: object; code?: string } {
    if (isClientError(exception)) return { status: exception.status, message: exception.message, code: exception.code };
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      // a structured body of our own making (the health report) is sent as it is
      if (typeof body === 'object' && body !== null && !('message' in body)) return { status: exception.getStatus(), message: exception.message, body };
      const message = typeof body === 'object' && body !== null ? (body as { message: string | string[] }).message : exception.message;
      // a machine code given by the thrower (`no_previous_report`) is kept; Nest's own bodies say "Not Found"
      const given = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
      const code = typeof given === 'string' && /^[a-z][a-z0-9_]*$/.test(given) ? given : undefined;
      return { status: exception.getStatus(), message, code };
    }
    const status = (exception as { status?: unknown; statusCode?: unknown } | null)?.status ?? (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (exception as { type?: string }).type;
      const message = type === 'entity.too.large' ? 'request body too large' : type === 'entity.parse.failed' ? 'malformed JSON body' : 'bad request';
      return { status, message };
    }
    if (isDatabaseBusy(exception)) return { status: 503, message: '数据库繁忙，请稍后重试', code: 'database_busy' };
    return { status: 500, message: 'Internal server error' };
  }
}

/** SQLite's lock (or the connection's turn, see sqlite-serialised.ts) was not had within the busy timeout. */
function isDatabaseBusy(exception: unknown): boolean {
  const e = exception as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === 'SQLITE_BUSY' || e?.driverError?.code === 'SQLITE_BUSY';
}
