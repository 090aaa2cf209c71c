import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { openDatabase } from './data-source';

const NO_SCHEMA = { entities: [], migrations: [] };

/** A promise with its resolver, to hold a transaction open at a chosen point. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** A transaction that has run `sql` and stays open until `finish()`; `ended` settles when it commits or rolls back. */
async function heldTransaction(ds: DataSource, sql: string, outcome: 'commit' | 'rollback' = 'commit') {
  const inside = gate();
  const finish = gate();
  const ended = ds.transaction(async (manager) => {
    await manager.query(sql);
    inside.open();
    await finish.opened;
    if (outcome === 'rollback') throw new Error('rolled back on purpose');
  });
  await inside.opened;
  return { finish: finish.open, ended };
}

const turnOfTheLoop = () => new Promise((resolve) => setImmediate(resolve));

describe('SQLite: each caller has the one connection to itself', () => {
  let dir: string;
  const opened: DataSource[] = [];
  const open = async (busyTimeoutMs?: number): Promise<DataSource> => {
    const database: DatabaseConfig = { type: 'sqlite', database: path.join(dir, 'db.sqlite'), busyTimeoutMs };
    const dataSource = await openDatabase(database, NO_SCHEMA);
    opened.push(dataSource);
    return dataSource;
  };
  const values = async (ds: DataSource): Promise<string[]> => ((await ds.query('SELECT v FROM t ORDER BY v')) as { v: string }[]).map((r) => r.v);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzs-sqlite-'));
    const ds = await open();
    await ds.query('CREATE TABLE t (v TEXT)');
    await ds.query('CREATE TABLE counter (n INTEGER)');
    await ds.query('INSERT INTO counter VALUES (0)');
  });

  afterEach(async () => {
    for (const ds of opened.splice(0)) if (ds.isInitialized) await ds.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a statement issued while another transaction is open is not rolled back with it', async () => {
    const ds = opened[0];
    const transaction = await heldTransaction(ds, `INSERT INTO t VALUES ('in the transaction')`, 'rollback');
    const plain = ds.query(`INSERT INTO t VALUES ('plain statement')`);
    await turnOfTheLoop();
    transaction.finish();
    await expect(transaction.ended).rejects.toThrow('rolled back on purpose');
    await plain;
    expect(await values(ds)).toEqual(['plain statement']);
  });

  it('concurrent read-modify-write transactions neither nest nor lose an update', async () => {
    const ds = opened[0];
    const writers = Array.from({ length: 20 }, (_, i) =>
      ds.transaction(async (manager) => {
        const [{ n }] = (await manager.query('SELECT n FROM counter')) as { n: number }[];
        await turnOfTheLoop();
        await manager.query('UPDATE counter SET n = ?', [n + 1]);
        // every third writer fails after its update: only its own update goes
        if (i % 3 === 0) throw new Error('writer failed');
      }),
    );
    const outcomes = await Promise.allSettled(writers);
    const succeeded = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(succeeded).toBe(13);
    expect(((await ds.query('SELECT n FROM counter')) as { n: number }[])[0].n).toBe(succeeded);
  });

  it('a caller that waits longer than the busy timeout fails with SQLITE_BUSY, and the connection is free afterwards', async () => {
    const ds = await open(150);
    const long = await heldTransaction(ds, `INSERT INTO t VALUES ('long')`);
    await expect(ds.query(`INSERT INTO t VALUES ('waited')`)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    long.finish();
    await long.ended;
    await ds.query(`INSERT INTO t VALUES ('after')`);
    expect(await values(ds)).toEqual(['after', 'long']);
  });

  it("another process's write lock makes a statement fail after the busy timeout instead of retrying forever", async () => {
    const mine = await open(200);
    const otherProcess = await open();
    const holder = await heldTransaction(otherProcess, `INSERT INTO t VALUES ('other')`);
    await expect(mine.query(`INSERT INTO t VALUES ('mine')`)).rejects.toThrow(/SQLITE_BUSY/);
    holder.finish();
    await holder.ended;
    expect(await values(mine)).toEqual(['other']);
  });

  it('a transaction that has read is never left with a stale snapshot by a write of another process', async () => {
    const mine = opened[0];
    const otherProcess = await open();
    const hasRead = gate();
    const finish = gate();
    const reader = mine.transaction(async (manager) => {
      const [{ n }] = (await manager.query('SELECT n FROM counter')) as { n: number }[];
      hasRead.open();
      await finish.opened;
      await manager.query('UPDATE counter SET n = ?', [n + 10]);
    });
    await hasRead.opened;
    // BEGIN IMMEDIATE: the other process's write waits for this transaction rather than making its snapshot stale
    const write = otherProcess.query('UPDATE counter SET n = n + 1');
    await new Promise((resolve) => setTimeout(resolve, 100));
    finish.open();
    await reader;
    await write;
    expect(((await mine.query('SELECT n FROM counter')) as { n: number }[])[0].n).toBe(11);
  });
});
