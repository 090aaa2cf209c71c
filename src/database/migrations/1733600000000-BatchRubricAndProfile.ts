import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a batch was asked to score with (`scorecard batch --queue --rubric --profile`): `rubricFixed` says its
 * rubricId@rubricVersion holds for every report (otherwise each report's year chooses), `profile` null means
 * each report's own.
 */
export class BatchRubricAndProfile1733600000000 implements MigrationInterface {
  name = 'BatchRubricAndProfile1733600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // plain ADD COLUMNs on both databases: TypeORM's addColumn would rebuild the SQLite table under its items
    const no = queryRunner.connection.driver.options.type === 'postgres' ? 'false' : '0';
    await queryRunner.query(`ALTER TABLE "batches" ADD COLUMN "rubricFixed" boolean NOT NULL DEFAULT ${no}`);
    await queryRunner.query('ALTER TABLE "batches" ADD COLUMN "profile" varchar(32)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('batches', 'profile');
    await queryRunner.dropColumn('batches', 'rubricFixed');
  }
}
