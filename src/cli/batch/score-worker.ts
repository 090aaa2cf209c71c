/** Worker thread of ScorePool: scores the files it is sent, one at a time, and posts each outcome back. */
import { parentPort, workerData } from 'node:worker_threads';
import { scoreOne, type ScoreSettings, type WorkerReply, type WorkerRequest } from './score-pool';

const settings = workerData as ScoreSettings;

parentPort?.on('message', (request: WorkerRequest) => {
  void scoreOne(request.source, settings).then((outcome) => parentPort!.postMessage({ id: request.id, outcome } satisfies WorkerReply));
});
