import { ApiKey } from './auth/api-key.entity';
import { AuditLogEntry } from './auth/audit-log.entity';
import { Organisation } from './auth/organisation.entity';
import { Report } from './reports/report.entity';
import { Assessment } from './scoring/assessment.entity';
import { InitialSchema1732240000000 } from './database/migrations/1732240000000-InitialSchema';
import { Batches1732300000000 } from './database/migrations/1732300000000-Batches';
import { ReportCascade1733000000000 } from './database/migrations/1733000000000-ReportCascade';
import { AssessmentRubricNote1733500000000 } from './database/migrations/1733500000000-AssessmentRubricNote';
import { BatchRubricAndProfile1733600000000 } from './database/migrations/1733600000000-BatchRubricAndProfile';
import { ScanRecognition1734000000000 } from './database/migrations/1734000000000-ScanRecognition';
import { AssessmentPlanDigest1734500000000 } from './database/migrations/1734500000000-AssessmentPlanDigest';
import { BatchCopies1735000000000 } from './database/migrations/1735000000000-BatchCopies';
import { Batch, BatchItem } from './batches/batch.entity';
import { Override, Waiver } from './batches/overrides/override.entity';

import type { DataSource, DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from './config/app-config';
import { buildDataSourceOptions as optionsFor, createDataSource, openDatabase as open, type DatabaseSchema } from './database/data-source';

/**
 * Every entity and migration, listed once so the app, the CLI and the tests open the same schema. The list
 * lives at the composition root: the database layer below the features must not import their entities.
 */
export const ENTITIES = [Organisation, ApiKey, AuditLogEntry, Report, Assessment, Batch, BatchItem, Override, Waiver];
export const MIGRATIONS = [InitialSchema1732240000000, Batches1732300000000, ReportCascade1733000000000, AssessmentRubricNote1733500000000, BatchRubricAndProfile1733600000000, ScanRecognition1734000000000, AssessmentPlanDigest1734500000000, BatchCopies1735000000000];
export const SCHEMA: DatabaseSchema = { entities: ENTITIES, migrations: MIGRATIONS };

export const buildDataSourceOptions = (database: DatabaseConfig): DataSourceOptions => optionsFor(database, SCHEMA);
export const openDatabase = (database: DatabaseConfig): Promise<DataSource> => open(database, SCHEMA);
export { createDataSource };
