import type { DataSource, EntityManager } from 'typeorm';

const tails = new WeakMap<DataSource, Promise<void>>();

/**
 * TypeORM's SQLite driver has one connection per data source, so two transactions started by concurrent jobs of
 * one process collide ("cannot start a transaction within a transaction"). On SQLite the batch's database work
 * runs one job at a time per process (other processes wait on SQLite's own lock); PostgreSQL pools connections
 * and needs no such queue.
 */
export async function exclusive<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'sqlite') return work();
  const previous = tails.get(dataSource) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  tails.set(dataSource, previous.then(() => mine));
  await previous;
  try {
    return await work();
  } finally {
    release();
  }
}

/** A transaction that cannot collide with another of this process on SQLite (see `exclusive`). Not re-entrant. */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return exclusive(dataSource, () => dataSource.transaction(work));
}
