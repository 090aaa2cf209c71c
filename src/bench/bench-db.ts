/**
 * The bench's read-only view of the service's database while a queue run is under way (SQLite file or
 * PostgreSQL), and a fresh PostgreSQL database per run.
 */
import * as sqlite3 from 'sqlite3';

export interface Db {
  all<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export class SqliteDb implements Db {
  private readonly db: sqlite3.Database;
  constructor(file: string) {
    this.db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
    this.db.configure('busyTimeout', 5000);
  }
  all<T>(sql: string): Promise<T[]> {
    return new Promise((resolve, reject) => this.db.all(sql, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows))));
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.db.close(() => resolve()));
  }
}

/** The slice of `pg` the bench uses (the package ships no types). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<{ rows: unknown[] }>;
  end(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client: PgClient } = require('pg') as { Client: new (options: { connectionString: string }) => PgClient };

export class PostgresDb implements Db {
  private readonly client: PgClient;
  private readonly connected: Promise<void>;
  constructor(url: string) {
    this.client = new PgClient({ connectionString: url });
    this.connected = this.client.connect();
  }
  async all<T>(sql: string): Promise<T[]> {
    await this.connected;
    return (await this.client.query(sql)).rows as T[];
  }
  close(): Promise<void> {
    return this.client.end().catch(() => undefined);
  }
}

const PG_ADMIN_URL = (process.env.BENCH_PG_URL ?? '').trim() || 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh PostgreSQL database for one run (dropped afterwards), on the server of BENCH_PG_URL. */
export async function createPostgresDatabase(tag: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `fzs_bench_${process.pid}_${tag.replace(/[^a-z0-9]/gi, '_')}_${Date.now().toString(36)}`.toLowerCase();
  const admin = async (sql: string) => {
    const client = new PgClient({ connectionString: PG_ADMIN_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined) };
}
