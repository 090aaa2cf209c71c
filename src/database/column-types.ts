import type { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * The few column types SQLite and PostgreSQL spell differently. Migrations use these so one migration
 * creates the same schema on both drivers.
 */
export function columnTypes(queryRunner: QueryRunner) {
  const postgres = queryRunner.connection.driver.options.type === 'postgres';
  const id = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable });
  return {
    id,
    primaryId: (name = 'id'): TableColumnOptions => ({ ...id(name), isPrimary: true }),
    varchar: (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable }),
    text: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
    integer: (name: string, nullable = false, defaultValue?: number): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, default: defaultValue }),
    real: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'real', isNullable: nullable }),
    timestamp: (name: string, nullable = false): TableColumnOptions => ({ name, type: postgres ? 'timestamp' : 'datetime', isNullable: nullable }),
    createdAt: (name = 'createdAt'): TableColumnOptions => ({ name, type: postgres ? 'timestamp' : 'datetime', isNullable: false, default: postgres ? 'now()' : "datetime('now')" }),
  };
}
