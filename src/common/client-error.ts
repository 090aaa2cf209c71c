/**
 * The contract by which a shared core says "the caller's input is at fault" without the HTTP edge knowing the
 * core's classes: a 4xx status, a stable machine code and a message for people. The exception filter and the
 * CLI switch on this shape only.
 */
export interface ClientError {
  readonly clientError: true;
  readonly status: number;
  readonly code?: string;
  readonly message: string;
}

export function isClientError(error: unknown): error is ClientError {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as Partial<ClientError>;
  return e.clientError === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.message === 'string';
}
