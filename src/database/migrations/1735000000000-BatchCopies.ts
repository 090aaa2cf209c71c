import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnTypes } from '../column-types';

/**
 * A batch's copy pairs, one row each, rather than inside `batches.analysis`: 500 pairs of near copies quote about
 * 4.4 million characters, and binding them as one statement's one value held some 50 MB more in the worker that
 * finalised the batch (sqlite3 copies a bound string twice as UTF-8). Batches finished before this table keep their
 * pairs in the analysis, where they are still read.
 */
export class BatchCopies1735000000000 implements MigrationInterface {
  name = 'BatchCopies1735000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'batch_copies',
        columns: [{ ...c.id('batchId'), isPrimary: true }, { ...c.integer('position'), isPrimary: true }, c.text('pair')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('batch_copies');
  }
}
