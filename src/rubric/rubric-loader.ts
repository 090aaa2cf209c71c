/**
 * Loads rubric YAML files into RubricDefinition and keeps every loaded version in a registry.
 *
 * The rubric is data written by people, and a mistake in it silently changes every score, so a file is checked
 * against a hand-written schema before anything uses it: the service and the CLI refuse to start on a bad file,
 * and the error names the file, the item and what is wrong in one line.
 *
 * One import for the whole of it: errors (rubric-errors), versions and references (rubric-version), the schema
 * check (rubric-schema, rubric-items, rubric-profiles), files (rubric-files) and the registry (rubric-registry).
 */
export const DEFAULT_RUBRIC_ID = 'outline-2021-2025';

export { RubricValidationError, RubricNotFoundError, InvalidRubricRefError, type RubricIssue } from './rubric-errors';
export { isSemver, compareSemver, parseRubricRef, type RubricRef } from './rubric-version';
export { parseRubric } from './rubric-schema';
export { defaultRubricDir, DEFAULT_RUBRIC_DIR, loadRubricFile, loadRubricDirectory } from './rubric-files';
export { RubricRegistry, selectByYear, currentOf, type RubricSelection } from './rubric-registry';
