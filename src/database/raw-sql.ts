import type { DataSource, QueryRunner } from 'typeorm';

/** One statement's outcome: the rows it returned (a SELECT, a RETURNING) and the rows it changed. */
export interface SqlResult<T> {
  rows: T[];
  affected: number;
}

/** A `simple-json` column's value whose JSON text was made already (on an intake thread): stored as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** Runs statements on one runner: the data source's own for each statement, or a transaction's. */
type Runner = <T>(sql: string, params: unknown[]) => Promise<SqlResult<T>>;

/**
 * Hand-written statements for the queue's per-report hot paths (a POST /reports, a `score` job, a batch item),
 * through TypeORM's query runners, so SQLite callers still take turns on the one connection (sqlite-serialised.ts).
 * Why not the query builders: in a worker's CPU profile of a batch, building each query (property paths matched
 * by regular expressions, aliases, parameter escaping) and hydrating the rows into entities was 46 % of the main
 * thread's time, and `insert()` on SQLite reads each new row back for its generated columns.
 *
 * Statements are written with `?` placeholders (SQLite's) and quoted column names; PostgreSQL gets `$1`, `$2`, ….
 * Values go in as TypeORM would store them: see `timestamp` and `json`.
 */
export class RawSql {
  readonly postgres: boolean;
  private readonly numbered = new Map<string, string>();
  private readonly inserts = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** The rows a statement returns. */
  async rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.run<T>(sql, params)).rows;
  }

  /** One statement on a runner of its own (on SQLite: its own turn on the connection). */
  run<T = unknown>(sql: string, params: unknown[]): Promise<SqlResult<T>> {
    const runner = this.dataSource.createQueryRunner();
    return this.on<T>(runner, sql, params).finally(() => runner.release());
  }

  /** Statements that commit together or not at all (on SQLite: one turn from BEGIN to COMMIT). */
  async transaction<T>(work: (run: Runner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const result = await work(<R>(sql: string, params: unknown[]) => this.on<R>(runner, sql, params));
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Inserts one row (column names as the object's keys, values as stored) and answers its `createdAt`, made as the column's
   * default makes it: PostgreSQL's `now()`, returned by the INSERT itself; on SQLite `datetime('now')`, which is
   * this process's clock to the second (SQLite runs in it), so it is written here and nothing is read back.
   */
  async insert(table: string, values: Record<string, unknown>): Promise<Date> {
    // an undefined value is a column left to its default, as TypeORM's insert() leaves it
    const entries = Object.entries(values).filter(([name, value]) => value !== undefined && name !== 'createdAt');
    const columns = entries.map(([name]) => name);
    const key = `${table}(${columns.join(',')})`;
    let sql = this.inserts.get(key);
    if (sql === undefined) {
      const names = columns.map((c) => `"${c}"`).join(', ');
      const marks = columns.map(() => '?').join(', ');
      sql = this.postgres
        ? `INSERT INTO "${table}"(${names}, "createdAt") VALUES (${marks}, DEFAULT) RETURNING "createdAt"`
        : `INSERT INTO "${table}"(${names}, "createdAt") VALUES (${marks}, ?)`;
      this.inserts.set(key, sql);
    }
    const params = entries.map(([, value]) => value);
    if (this.postgres) return (await this.rows<{ createdAt: Date }>(sql, params))[0].createdAt;
    const createdAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    await this.run(sql, [...params, createdAt.toISOString().replace('T', ' ').slice(0, 19)]);
    return createdAt;
  }

  /**
   * A timestamp column's value as TypeORM writes it: on SQLite the UTC text `YYYY-MM-DD HH:MM:SS.SSS` (text
   * order is time order, and other rows' values have this form), on PostgreSQL the Date for the driver.
   */
  timestamp(date: Date): string | Date {
    return this.postgres ? date : date.toISOString().replace('T', ' ').slice(0, 23);
  }

  /** What a `simple-json` column holds: the JSON text (made already when a JsonText), or null. */
  json(value: unknown): string | null {
    if (value instanceof JsonText) return value.text;
    return value === null || value === undefined ? null : JSON.stringify(value);
  }

  private async on<T>(runner: QueryRunner, sql: string, params: unknown[]): Promise<SqlResult<T>> {
    const result = await runner.query(this.placeholders(sql), params, true);
    return { rows: (result.records ?? []) as T[], affected: result.affected ?? 0 };
  }

  private placeholders(sql: string): string {
    if (!this.postgres) return sql;
    let numbered = this.numbered.get(sql);
    if (numbered === undefined) {
      let n = 0;
      numbered = sql.replace(/\?/g, () => `$${++n}`);
      this.numbered.set(sql, numbered);
    }
    return numbered;
  }
}
