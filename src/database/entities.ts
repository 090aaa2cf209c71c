import { ApiKey } from '../auth/api-key.entity';
import { AuditLogEntry } from '../auth/audit-log.entity';
import { Organisation } from '../auth/organisation.entity';
import { Report } from '../reports/report.entity';
import { Assessment } from '../scoring/assessment.entity';
import { InitialSchema1732240000000 } from './migrations/1732240000000-InitialSchema';
import { Batches1732300000000 } from './migrations/1732300000000-Batches';
import { Batch, BatchItem } from '../batches/batch.entity';
import { Override, Waiver } from '../batches/overrides/override.entity';

/** Every entity and migration, listed once so the app, the CLI and the tests open the same schema. */
export const ENTITIES = [Organisation, ApiKey, AuditLogEntry, Report, Assessment, Batch, BatchItem, Override, Waiver];
export const MIGRATIONS = [InitialSchema1732240000000, Batches1732300000000];
