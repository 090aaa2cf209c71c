/**
 * Worker thread of ScorePool: scores the files it is sent, one at a time, and posts each outcome back; at the end
 * of a batch it measures chunks of copy-detection pairs over the documents it was given in shared memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { measurePairs, type Comparable } from '../../batches/copy-compare';
import { scoreOne, transferables, type ScoreSettings, type WorkerReply, type WorkerRequest } from './score-pool';

const settings = workerData as ScoreSettings;
let copyDocs: Comparable[] = [];

parentPort?.on('message', (request: WorkerRequest) => {
  const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
  if (request.kind === 'copy-docs') {
    copyDocs = request.docs;
    reply({ id: request.id, taken: true });
  } else if (request.kind === 'copy-pairs') {
    const measured = measurePairs(copyDocs, request.pairs, request.shingle, request.minPassageChars);
    reply({ id: request.id, measured }, [measured.buffer as ArrayBuffer]);
  } else {
    // the shingles move to the main thread rather than being copied (they are not used here again)
    void scoreOne(request.source, settings).then((outcome) => reply({ id: request.id, outcome }, transferables(outcome)));
  }
});
