/** What copy detection is given of a document and what it quotes: shared by its modules (no code, so no cycle). */
import type { CopyShingles } from './copy-shingles';

export interface CopyDoc {
  id: string;
  /** normalised text (what matching runs on) */
  text: string;
  /** the text as the agency wrote it (e.g. a stored report's extracted text): quotes are cut from it */
  original?: string;
  /**
   * `toOriginal[i]` is the index in `original` of `text[i]`. When only `original` is given it is recomputed from
   * it, for the few documents that are quoted, so a batch need not hold an offset map per report.
   */
  toOriginal?: ArrayLike<number>;
  /** who wrote it: earlier reports are compared with the batch reports of the same issuer only */
  issuer?: string | null;
  /**
   * `copyShingles(text)` computed beforehand, where the text was made (a batch's scoring threads), so that this
   * thread only weighs and compares; computed here when absent or made with another shingle size. Copy detection
   * takes it: it may reuse its arrays for its own and lets go of it (sets it undefined) once the document is
   * prepared, a season of shingles being large.
   */
  shingles?: CopyShingles;
}

export interface CopyPassage {
  /** the passage as it reads in each report */
  a: string;
  b: string;
  /** length in Chinese characters (punctuation not counted) */
  chars: number;
}
