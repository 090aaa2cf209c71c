/** Bad input on the command line: one line on stderr and exit code 2. */
export class CliUsageError extends Error {
  readonly exitCode = 2;
}

export const EXIT_OK = 0;
export const EXIT_BELOW_MIN_SCORE = 1;
export const EXIT_BAD_INPUT = 2;

export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}
