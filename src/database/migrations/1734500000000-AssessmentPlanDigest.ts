import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnTypes } from '../column-types';

/**
 * What plan fulfilment needs of a scored report (its plan items and sentences of work done), stored with the
 * assessment when it is scored, so GET /reports/:id/assessment and a batch's analysis match last year's plan
 * without preparing both reports again. Rows scored before this column is there read NULL and are filled on first use.
 */
export class AssessmentPlanDigest1734500000000 implements MigrationInterface {
  name = 'AssessmentPlanDigest1734500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('assessments', new TableColumn(columnTypes(queryRunner).text('planDigest', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('assessments', 'planDigest');
  }
}
