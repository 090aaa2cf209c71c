import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnTypes } from '../column-types';

/**
 * Scans and photos (issue 13): a stored report says whether its text was recognised, how surely and, while a
 * queued recognition runs, how far it has got; a batch item shows the same progress for its file.
 */
export class ScanRecognition1734000000000 implements MigrationInterface {
  name = 'ScanRecognition1734000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnTypes(queryRunner);
    await queryRunner.addColumn('reports', new TableColumn(c.text('ocr', true)));
    await queryRunner.addColumn('batch_items', new TableColumn(c.text('ocrProgress', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('batch_items', 'ocrProgress');
    await queryRunner.dropColumn('reports', 'ocr');
  }
}
