import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from './error-codes';

/**
 * Requests Node's HTTP parser refuses before any handler sees them (a 30 KB URL, broken header lines) get the
 * service's one error body too, instead of Node's bare status line.
 */
export function answerMalformedRequests(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return;
    const [status, code, message]: [number, ErrorCode, string] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', '请求的地址或请求头过长，已拒绝。']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'REQUEST_TIMEOUT', '请求发送超时，已断开。']
          : [400, 'BAD_REQUEST', '请求格式不符合 HTTP 规范，已拒绝。'];
    const body = JSON.stringify({ statusCode: status, error: code, message });
    const reason = ({ 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' } as Record<number, string>)[status];
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}
