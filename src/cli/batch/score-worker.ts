/** Worker thread of ScorePool: scores the files it is sent, one at a time, and posts each outcome back. */
import { parentPort, workerData } from 'node:worker_threads';
import { scoreOne, transferables, type ScoreSettings, type WorkerReply, type WorkerRequest } from './score-pool';

const settings = workerData as ScoreSettings;

parentPort?.on('message', (request: WorkerRequest) => {
  // the shingles move to the main thread rather than being copied (they are not used here again)
  void scoreOne(request.source, settings).then((outcome) => parentPort!.postMessage({ id: request.id, outcome } satisfies WorkerReply, transferables(outcome)));
});
