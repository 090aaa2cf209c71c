import type { DataSource } from 'typeorm';
import { SqliteQueryRunner } from 'typeorm/driver/sqlite/SqliteQueryRunner';
import type { SqliteDriver } from 'typeorm/driver/sqlite/SqliteDriver';

/** Waiting for the connection (or for SQLite's file lock) took longer than the busy timeout: try again later. */
export class DatabaseBusyError extends Error {
  override readonly name = 'DatabaseBusyError';
  readonly code = 'SQLITE_BUSY';
}

/** A first-come first-served turn on the one connection, with a bounded wait. */
class ConnectionTurn {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly timeoutMs: number) {}

  take(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(new DatabaseBusyError(`SQLITE_BUSY: the database connection stayed busy for ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiting.push(grant);
    });
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

/**
 * A query runner that takes the connection's turn for each statement, or from BEGIN to COMMIT/ROLLBACK for a
 * transaction, so no statement of one caller ever runs inside another caller's transaction. Transactions begin
 * IMMEDIATE: the write lock is taken (or waited for, up to busy_timeout) first, so a transaction that read a
 * snapshot another process has since made stale never has to upgrade it (SQLITE_BUSY_SNAPSHOT, which no wait cures).
 */
class SerialisedSqliteQueryRunner extends SqliteQueryRunner {
  private holdsTurn = false;

  constructor(
    driver: SqliteDriver,
    private readonly turn: ConnectionTurn,
  ) {
    super(driver);
  }

  override async query(sql: string, parameters?: unknown[], useStructuredResult = false): Promise<any> {
    if (this.holdsTurn) return super.query(sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql, parameters, useStructuredResult);
    await this.turn.take();
    try {
      return await super.query(sql, parameters, useStructuredResult);
    } finally {
      this.turn.give();
    }
  }

  override async startTransaction(isolationLevel?: Parameters<SqliteQueryRunner['startTransaction']>[0]): Promise<void> {
    const outermost = !this.holdsTurn;
    if (outermost) {
      await this.turn.take();
      this.holdsTurn = true;
    }
    try {
      await super.startTransaction(isolationLevel);
    } catch (error) {
      if (outermost) this.giveTurn();
      throw error;
    }
  }

  override async commitTransaction(): Promise<void> {
    await super.commitTransaction();
    if (!this.isTransactionActive) this.giveTurn();
  }

  override async rollbackTransaction(): Promise<void> {
    const outermost = this.transactionDepth <= 1;
    try {
      await super.rollbackTransaction();
    } finally {
      if (outermost) {
        // a failed ROLLBACK leaves nothing to retry: SQLite has ended the transaction or will on the next BEGIN
        this.isTransactionActive = false;
        this.transactionDepth = 0;
        this.giveTurn();
      }
    }
  }

  /** A runner released mid-transaction (an error between BEGIN and COMMIT) gives the connection back rolled back. */
  override async release(): Promise<void> {
    if (this.holdsTurn) {
      if (this.isTransactionActive) await super.query('ROLLBACK').catch(() => undefined);
      this.isTransactionActive = false;
      this.transactionDepth = 0;
      this.giveTurn();
    }
    return super.release();
  }

  private giveTurn(): void {
    if (!this.holdsTurn) return;
    this.holdsTurn = false;
    this.turn.give();
  }
}

/**
 * TypeORM's SQLite driver has one connection and one query runner for the whole process, so concurrent
 * `transaction()` calls nest as savepoints of each other and plain statements run inside whichever transaction
 * is open (one request's rollback undid another's insert). Here each caller gets its own runner on that one
 * connection and the runners take turns. A turn not given within `busyTimeoutMs` fails with SQLITE_BUSY, as
 * SQLite's own lock does: the request answers 503 and a job's attempt fails and is retried.
 */
export function serialiseSqliteConnection(dataSource: DataSource, busyTimeoutMs: number): void {
  if (dataSource.options.type !== 'sqlite') return;
  const driver = dataSource.driver as SqliteDriver;
  const turn = new ConnectionTurn(busyTimeoutMs);
  driver.createQueryRunner = () => new SerialisedSqliteQueryRunner(driver, turn);
}
