/** What loading a rubric can go wrong with: a bad file, an unknown rubric, a malformed reference. */
export interface RubricIssue {
  /** item id (or `#<index>` when the item has no usable id), when the problem concerns an item */
  itemId?: string;
  /** where in the file outside an item, e.g. `profiles.department.weights`, `grades` */
  path?: string;
  message: string;
}

/**
 * A rubric file that must not be used. `message` is one line: the first problem, prefixed with the file and the
 * item; `issues` has all of them for tools that list every problem (`scorecard rubric validate`).
 */
export class RubricValidationError extends Error {
  readonly file: string;
  readonly issues: RubricIssue[];

  constructor(file: string, issues: RubricIssue[]) {
    const first = issues[0] ?? { message: 'invalid rubric' };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    super(`${formatIssue(file, first)}${more}`);
    this.name = 'RubricValidationError';
    this.file = file;
    this.issues = issues;
  }

  /** every problem, one line each */
  lines(): string[] {
    return this.issues.map((issue) => formatIssue(this.file, issue));
  }
}

function formatIssue(file: string, issue: RubricIssue): string {
  const where = (issue.path ? `${issue.path}: ` : '') + (issue.itemId !== undefined ? `item ${issue.itemId}: ` : '');
  return oneLine(`${file}: ${where}${issue.message}`);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export class RubricNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RubricNotFoundError';
  }
}

/** A malformed `id@version` reference (from a CLI flag or a request body). */
export class InvalidRubricRefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRubricRefError';
  }
}
