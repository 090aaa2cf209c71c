/**
 * The one status vocabulary of every card, export and override — CLI, API, XLSX/CSV and the override log say
 * the same word for the same status.
 */
import type { ItemStatus } from './score-card.types';

/** An override can waive an item (已豁免); the engine itself never does. */
export type StatusWord = ItemStatus | 'waived';

export const STATUS_LABEL: Record<StatusWord, string> = {
  met: '达标',
  partial: '部分达标',
  missing: '缺失',
  not_applicable: '不适用',
  waived: '已豁免',
};
