import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { isClientError } from './client-error';
import { defaultErrorCode, ERROR_CODES, isErrorCode, type ErrorCode } from './error-codes';

const HAN = /[\u3400-\u9fff]/;

/** What the body parsers' and multer's English says, in Chinese (their errors carry a status, not our code). */
const FRAMEWORK_MESSAGES: Record<string, { code: ErrorCode; message: string }> = {
  'entity.too.large': { code: 'FILE_TOO_LARGE', message: '请求体超过大小上限（MAX_UPLOAD_MB）' },
  'entity.parse.failed': { code: 'MALFORMED_JSON', message: '请求体不是合法的 JSON' },
};

/**
 * What the body parsers, multer and busboy say in English (Nest passes it on as the message of a 400 or 413:
 * `Unexpected end of JSON input`, `Unexpected file field - x`), as a code and a Chinese message.
 */
const PARSER_MESSAGES: Array<[RegExp, ErrorCode, (field: string) => string]> = [
  [/\bJSON\b/, 'MALFORMED_JSON', () => '请求体不是合法的 JSON'],
  [/^request entity too large/i, 'FILE_TOO_LARGE', () => '请求体超过大小上限（MAX_UPLOAD_MB）'],
  [/^File too large/, 'FILE_TOO_LARGE', () => '上传的文件超过大小上限（MAX_UPLOAD_MB）'],
  [/^Too many files/, 'TOO_MANY_FILES', () => '一次上传的文件过多'],
  [/^Unexpected (?:file )?field/, 'MALFORMED_UPLOAD', (field) => `上传了未知的文件字段${field ? ` ${field}` : ''}`],
  [/^(?:Too many (?:parts|fields)|Field (?:name|value)|Invalid field name|Multipart|Malformed part header|Unexpected end of (?:form|file))/, 'MALFORMED_UPLOAD', () => 'multipart 上传的格式不对或字段过多'],
];

function parserError(message: string): { code: ErrorCode; message: string } | null {
  if (HAN.test(message)) return null;
  for (const [pattern, code, say] of PARSER_MESSAGES) if (pattern.test(message)) return { code, message: say(message.split(' - ')[1] ?? '') };
  return null;
}

/**
 * One error shape for every response, {statusCode, error, message}: `error` a code of the catalogue
 * (common/error-codes.ts), `message` one Chinese line; never a stack trace or SQL: the details go to the log.
 * Errors from body parsers and multer that carry a 4xx status keep it. A thrower that named no code gets the
 * status's; an English message from the framework is put in Chinese words around it.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, message, body, code } = this.describe(exception);
    if (status >= 500 && !body) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (response.headersSent) return;
    if (status === 503 && code === 'DATABASE_BUSY') response.setHeader('Retry-After', '5');
    response.status(status).json(body ?? { statusCode: status, error: code, message: chinese(code, message) });
  }

  private describe(exception: unknown): { status: number; message: string; body?: object; code: ErrorCode } {
    if (isClientError(exception)) return { status: exception.status, message: exception.message, code: isErrorCode(exception.code) ? exception.code : defaultErrorCode(exception.status) };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      // a structured body of our own making (the health report) is sent as it is
      if (typeof body === 'object' && body !== null && !('message' in body)) return { status, message: exception.message, body, code: defaultErrorCode(status) };
      const given = typeof body === 'object' && body !== null ? (body as { message: unknown; error?: unknown }) : { message: exception.message };
      const message = Array.isArray(given.message) ? given.message.join('；') : String(given.message);
      if (isErrorCode(given.error)) return { status, message, code: given.error };
      return { status, ...(parserError(message) ?? { message, code: defaultErrorCode(status) }) };
    }
    const status = (exception as { status?: unknown; statusCode?: unknown } | null)?.status ?? (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const known = FRAMEWORK_MESSAGES[(exception as { type?: string }).type ?? ''];
      return known ? { status, ...known } : { status, message: '', code: defaultErrorCode(status) };
    }
    if (isDatabaseBusy(exception)) return { status: 503, message: '数据库繁忙，请稍后重试', code: 'DATABASE_BUSY' };
    return { status: 500, message: '', code: 'INTERNAL_ERROR' };
  }
}

/** SQLite's lock (or the connection's turn, see sqlite-serialised.ts) was not had within the busy timeout. */
function isDatabaseBusy(exception: unknown): boolean {
  const e = exception as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === 'SQLITE_BUSY' || e?.driverError?.code === 'SQLITE_BUSY';
}

/** The message as thrown when it is Chinese; else the code's meaning, with the framework's words after it. */
function chinese(code: ErrorCode, message: string): string {
  if (HAN.test(message)) return message;
  return message ? `${ERROR_CODES[code]}（${message}）` : ERROR_CODES[code];
}
