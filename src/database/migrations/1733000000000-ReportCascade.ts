import { MigrationInterface, QueryRunner, TableForeignKey } from 'typeorm';

/**
 * A report's assessments, overrides and batch entries go with it: foreign keys ON DELETE CASCADE, so no
 * feature deletes another's rows. Rows whose report is already gone (left by earlier versions) are removed
 * first, or the constraint could not be added.
 */
const DEPENDENTS = ['assessments', 'overrides', 'batch_items'];

export class ReportCascade1733000000000 implements MigrationInterface {
  name = 'ReportCascade1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of DEPENDENTS) {
      await queryRunner.query(`DELETE FROM "${table}" WHERE "reportId" IS NOT NULL AND "reportId" NOT IN (SELECT "id" FROM "reports")`);
      await queryRunner.createForeignKey(
        table,
        new TableForeignKey({ columnNames: ['reportId'], referencedTableName: 'reports', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of DEPENDENTS) {
      const found = await queryRunner.getTable(table);
      for (const key of found?.foreignKeys.filter((fk) => fk.referencedTableName.endsWith('reports')) ?? []) await queryRunner.dropForeignKey(table, key);
    }
  }
}
