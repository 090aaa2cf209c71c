import { JOBS, workerOptions } from './jobs';

describe('worker options per queue', () => {
  it('a batch parent is locked long enough for its analysis to hold the event loop, other jobs follow WORKER_LOCK_MS', () => {
    const items = workerOptions({ WORKER_LOCK_MS: '30000' });
    expect(items).toMatchObject({ lockDuration: 30_000, stalledInterval: 15_000 });
    // a 30 s lock let another worker take a finalising parent for stalled and run it again (40 s loop stalls measured)
    const parent = workerOptions({ WORKER_LOCK_MS: '30000' }, JOBS.batch.lockMs);
    expect(parent.lockDuration).toBe(600_000);
    expect(parent.stalledInterval).toBe(300_000);
  });

  it('a WORKER_LOCK_MS longer than the lock of a job name wins', () => {
    expect(workerOptions({ WORKER_LOCK_MS: '900000' }, JOBS.batch.lockMs).lockDuration).toBe(900_000);
  });
});
