import { Injectable } from '@nestjs/common';
import { DataSource, In, MoreThan } from 'typeorm';
import { AuditLogEntry } from '../../auth/audit-log.entity';
import { chunks } from '../../database/in-chunks';
import { Override, Waiver } from './override.entity';

/** The audit entry a change writes, given the row as stored (its id is known only then). */
export type AuditRecord = Pick<AuditLogEntry, 'action' | 'actor' | 'subjectId' | 'details'>;
export type NewWaiver = Pick<Waiver, 'organisationId' | 'issuer' | 'itemId' | 'reason' | 'expiresAt' | 'actor'>;

/** The overrides and waivers tables, and the audit entry each change writes in the same transaction. */
@Injectable()
export class OverrideRepository {
  constructor(private readonly dataSource: DataSource) {}

  saveOverride(override: Override, audit: (saved: Override) => AuditRecord): Promise<Override> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.getRepository(Override).save(override);
      await manager.getRepository(AuditLogEntry).save(manager.getRepository(AuditLogEntry).create(audit(row)));
      return row;
    });
  }

  saveWaiver(fields: NewWaiver, audit: (saved: Waiver) => AuditRecord): Promise<Waiver> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.getRepository(Waiver).save(manager.getRepository(Waiver).create(fields));
      await manager.getRepository(AuditLogEntry).save(manager.getRepository(AuditLogEntry).create(audit(row)));
      return row;
    });
  }

  /** A report's overrides, oldest first (the newest decision on an item wins). */
  overridesOf(reportId: string): Promise<Override[]> {
    return this.dataSource.getRepository(Override).find({ where: { reportId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The overrides of many reports, oldest first within each chunk of 500 (SQLite's bound-variable limit). */
  async overridesOfAll(reportIds: string[]): Promise<Override[]> {
    const out: Override[] = [];
    for (const part of chunks(reportIds, 500)) out.push(...(await this.dataSource.getRepository(Override).find({ where: { reportId: In(part) }, order: { createdAt: 'ASC', id: 'ASC' } })));
    return out;
  }

  /** Waivers of these organisations (all, for null), newest first. */
  waivers(organisationIds: string[] | null): Promise<Waiver[]> {
    const where = organisationIds === null ? {} : { organisationId: In(organisationIds) };
    return this.dataSource.getRepository(Waiver).find({ where, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** Waivers of these organisations not yet expired, oldest first within each chunk of 500. */
  async activeWaivers(organisationIds: string[]): Promise<Waiver[]> {
    const out: Waiver[] = [];
    for (const part of chunks(organisationIds, 500)) {
      out.push(...(await this.dataSource.getRepository(Waiver).find({ where: { organisationId: In(part), expiresAt: MoreThan(new Date()) }, order: { createdAt: 'ASC', id: 'ASC' } })));
    }
    return out;
  }
}
