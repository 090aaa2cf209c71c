/** The shapes the bench's parts, its main and its report share (kept apart so they import no one another). */
import type { Corpus } from './corpus';
import type { EngineResult } from './engine.bench';
import type { IntakeFormatResult } from './intake.bench';
import type { MemoryResult } from './memory.bench';
import type { CliBatchResult, PipelineFloorResult, StageResult } from './pipeline.bench';
import type { StartupResult } from './startup.bench';
import type { HttpCheckResult } from './http-check.bench';
import type { CopiesResult } from './copies.bench';
import type { ProfileSummary } from './profile-summary';
import type { CeilingResult, QueueRunResult, QueueSettings } from './queue.bench';
import type { QueueWorkResult } from './queue-work.bench';
import type { machine } from './util';

export const PARTS = ['startup', 'engine', 'pipeline', 'check', 'queue', 'intake', 'copies', 'memory'] as const;
export type Part = (typeof PARTS)[number];

export interface BenchSizes {
  corpus: number;
  engine: number;
  pipeline: number;
  queue: number;
  intakeSeconds: number;
  memory: number;
  memoryCheckpoints: number[];
  startupRuns: number;
  checkSeconds: number;
  copies: number[];
}

export interface BenchResults {
  quick: boolean;
  command: string;
  startedAt: string;
  durationMs: number;
  machine: ReturnType<typeof machine>;
  loadAfter: number[];
  redis: string;
  sizes: BenchSizes;
  corpus?: Omit<Corpus, 'files' | 'dir' | 'textsFile'> & { files: number; mix: Record<string, number> };
  engine?: EngineResult;
  pipeline?: { cli: CliBatchResult; mixed?: CliBatchResult; floor?: PipelineFloorResult; stages: StageResult };
  startup?: StartupResult;
  check?: HttpCheckResult;
  copies?: CopiesResult;
  queue?: { settings: Omit<QueueSettings, 'workDir' | 'profileDir' | 'redisUrl'>; runs: QueueRunResult[]; ceilings: CeilingResult[]; work?: QueueWorkResult };
  intake?: IntakeFormatResult[];
  memory?: MemoryResult;
  profiles: Partial<Record<Part | 'api' | 'worker', ProfileSummary>>;
  errors: Partial<Record<Part, string>>;
}

export interface GoalCheck {
  goal: string;
  measured: string;
  met: boolean | null; // null: not measured in this run
  why?: string;
}
