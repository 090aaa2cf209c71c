import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnTypes } from '../column-types';

export class InitialSchema1732240000000 implements MigrationInterface {
  name = 'InitialSchema1732240000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'organisations',
        columns: [c.primaryId(), c.varchar('name', 200), c.id('parentId', true), c.createdAt()],
        uniques: [{ name: 'UQ_organisations_name', columnNames: ['name'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          c.primaryId(),
          c.varchar('name', 200, true),
          c.varchar('role', 16),
          c.id('organisationId', true),
          c.varchar('keyHash', 64),
          c.varchar('prefix', 16),
          c.createdAt(),
          c.timestamp('revokedAt', true),
          c.timestamp('lastUsedAt', true),
        ],
        indices: [{ name: 'IDX_api_keys_keyHash', columnNames: ['keyHash'], isUnique: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [c.primaryId(), c.varchar('action', 64), c.varchar('actor', 64), c.varchar('subjectId', 64, true), c.text('details', true), c.createdAt()],
        indices: [{ name: 'IDX_audit_log_action', columnNames: ['action'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'reports',
        columns: [
          c.primaryId(),
          c.id('organisationId'),
          c.varchar('sha256', 64),
          c.varchar('format', 8),
          c.varchar('filename', 255, true),
          c.varchar('title', 500, true),
          c.varchar('issuer', 200, true),
          c.varchar('level', 32, true),
          c.integer('year', true),
          c.varchar('publishedAt', 10, true),
          c.varchar('profile', 32, true),
          c.varchar('script', 16),
          c.integer('chars'),
          c.text('extractedText'),
          c.text('normalisedText'),
          c.text('sections'),
          c.text('originalBytes'),
          c.id('batchId', true),
          c.createdAt(),
        ],
        indices: [
          { name: 'IDX_reports_org_sha256', columnNames: ['organisationId', 'sha256'], isUnique: true },
          { name: 'IDX_reports_organisationId', columnNames: ['organisationId'] },
          { name: 'IDX_reports_issuer', columnNames: ['issuer'] },
          { name: 'IDX_reports_batchId', columnNames: ['batchId'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'assessments',
        columns: [
          c.primaryId(),
          c.id('reportId'),
          c.varchar('rubricId', 100),
          c.varchar('rubricVersion', 32),
          c.varchar('profile', 32),
          c.varchar('status', 16),
          c.real('total', true),
          c.varchar('grade', 32, true),
          c.text('card', true),
          c.text('error', true),
          c.integer('attempts', false, 0),
          c.integer('generation', false, 0),
          c.createdAt(),
          c.timestamp('requestedAt'),
          c.timestamp('startedAt', true),
          c.timestamp('finishedAt', true),
        ],
        indices: [
          { name: 'IDX_assessments_unique_scoring', columnNames: ['reportId', 'rubricId', 'rubricVersion', 'profile'], isUnique: true },
          { name: 'IDX_assessments_reportId', columnNames: ['reportId'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['assessments', 'reports', 'audit_log', 'api_keys', 'organisations']) {
      await queryRunner.dropTable(table);
    }
  }
}
