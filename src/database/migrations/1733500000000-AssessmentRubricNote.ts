import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Why an assessment's rubric was used, when the report's year did not choose it ("报告年度2019年不在已加载评分细则
 * 的适用期内…"): kept with the assessment so the card of a stored report says it, however late it is scored.
 */
export class AssessmentRubricNote1733500000000 implements MigrationInterface {
  name = 'AssessmentRubricNote1733500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('assessments', new TableColumn({ name: 'rubricNote', type: 'text', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('assessments', 'rubricNote');
  }
}
