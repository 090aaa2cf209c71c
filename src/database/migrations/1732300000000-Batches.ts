import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnTypes } from '../column-types';

/** Batches of reports with their items, reviewers' overrides and waivers (issue 6). */
export class Batches1732300000000 implements MigrationInterface {
  name = 'Batches1732300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'batches',
        columns: [
          c.primaryId(),
          c.id('organisationId'),
          c.varchar('name', 200),
          c.varchar('status', 16),
          c.integer('total'),
          c.integer('done', false, 0),
          c.integer('failed', false, 0),
          c.varchar('rubricId', 100),
          c.varchar('rubricVersion', 32),
          c.varchar('createdBy', 64),
          c.text('analysis', true),
          c.createdAt(),
          c.timestamp('startedAt', true),
          c.timestamp('finishedAt', true),
        ],
        indices: [{ name: 'IDX_batches_organisationId', columnNames: ['organisationId'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'batch_items',
        columns: [
          c.primaryId(),
          c.id('batchId'),
          c.integer('position'),
          c.varchar('filename', 500),
          c.varchar('sha256', 64),
          c.integer('size'),
          c.varchar('issuer', 200, true),
          c.varchar('level', 32, true),
          c.integer('year', true),
          c.varchar('publishedAt', 10, true),
          c.varchar('status', 16),
          c.text('error', true),
          c.id('reportId', true),
          c.id('assessmentId', true),
          c.text('bytes', true),
          c.integer('attempts', false, 0),
          c.createdAt(),
          c.timestamp('finishedAt', true),
        ],
        indices: [{ name: 'IDX_batch_items_batch_position', columnNames: ['batchId', 'position'], isUnique: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'overrides',
        columns: [
          c.primaryId(),
          c.id('reportId'),
          c.id('assessmentId', true),
          c.varchar('itemId', 32),
          c.varchar('rubricId', 100),
          c.varchar('rubricVersion', 32),
          c.varchar('status', 16),
          c.text('reason'),
          c.varchar('actor', 64),
          c.text('before'),
          c.text('after'),
          c.createdAt(),
        ],
        indices: [{ name: 'IDX_overrides_reportId', columnNames: ['reportId'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'waivers',
        columns: [
          c.primaryId(),
          c.id('organisationId'),
          c.varchar('issuer', 200, true),
          c.varchar('itemId', 32),
          c.text('reason'),
          c.timestamp('expiresAt'),
          c.varchar('actor', 64),
          c.createdAt(),
        ],
        indices: [{ name: 'IDX_waivers_organisationId', columnNames: ['organisationId'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['waivers', 'overrides', 'batch_items', 'batches']) await queryRunner.dropTable(table);
  }
}
