export { score, scoreReport, resolveProfile, compareIds } from './score';
export { compileRubric, scanTerms, normaliseTerm } from './compile';
export type { CompiledRubric, TermHits, TermTarget } from './compile';
export { splitSentences, sentenceAt } from './sentences';
export type { Sentences } from './sentences';
export { findFigures, hasFigure } from './figures';
export { renderScoreCardText } from './render-text';
export type { RenderOptions } from './render-text';
export * from './score-card.types';
