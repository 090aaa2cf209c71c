/**
 * The pool thread's entry (piscina loads the compiled file): the rubrics the API process loaded arrive once as
 * workerData, and each task is one upload.
 */
import { workerData } from 'node:worker_threads';
import { RubricRegistry } from '../rubric/rubric-loader';
import type { RubricDefinition } from '../rubric/rubric.types';
import { runIntakeTask, runStoredScoringTask, type IntakeTask, type StoredScoringTask } from './intake-task';

const rubrics = new RubricRegistry();
for (const definition of (workerData as { rubrics: RubricDefinition[] }).rubrics) rubrics.add(definition);

export default function intakeWorker(task: IntakeTask | StoredScoringTask) {
  return 'original' in task ? runStoredScoringTask(task, rubrics) : runIntakeTask(task, rubrics);
}
