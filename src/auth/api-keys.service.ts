import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { ApiKey, Role, ROLES } from './api-key.entity';
import { generateApiKey, hashApiKey, sameSecret } from './api-key-hash';
import { AuditLogEntry } from './audit-log.entity';
import { Organisation } from './organisation.entity';
import type { Principal } from './principal';
import { errorBody } from '../common/error-codes';

export const ENV_ADMIN_KEY_ID = 'env:ADMIN_API_KEY';
/** Reports submitted with an admin key that has no organisation belong here. */
export const DEFAULT_ORGANISATION = 'default';

export interface CreatedApiKey {
  id: string;
  key: string;
  role: Role;
  org: string | null;
  name: string | null;
}

/** A key as listed: its organisation by name, its prefix, never its hash. */
export interface ApiKeyListEntry {
  id: string;
  name: string | null;
  role: Role;
  org: string | null;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * Keys and organisations. Plain constructor so the CLI (`scorecard keys …`) uses the same code on the
 * database directly, without the HTTP app.
 */
@Injectable()
export class ApiKeysService {
  /** lastUsedAt is written at most this often per key, so reads do not turn into writes under load */
  private static readonly LAST_USED_RESOLUTION_MS = 60_000;

  constructor(private readonly dataSource: DataSource) {}

  async authenticate(key: string, adminApiKey: string | undefined): Promise<Principal | null> {
    if (adminApiKey && sameSecret(key, adminApiKey)) {
      return { keyId: ENV_ADMIN_KEY_ID, role: 'admin', organisationId: null, visibleOrganisationIds: null };
    }
    const repo = this.dataSource.getRepository(ApiKey);
    const row = await repo.findOneBy({ keyHash: hashApiKey(key), revokedAt: IsNull() });
    if (!row) return null;
    const now = new Date();
    if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() > ApiKeysService.LAST_USED_RESOLUTION_MS) {
      await repo.update({ id: row.id }, { lastUsedAt: now });
    }
    return {
      keyId: row.id,
      role: row.role,
      organisationId: row.organisationId,
      visibleOrganisationIds: await this.visibleOrganisations(row.role, row.organisationId),
    };
  }

  /** admin: all; reviewer: its organisation and those under it (all when it has none); agency: its own. */
  async visibleOrganisations(role: Role, organisationId: string | null): Promise<string[] | null> {
    if (role === 'admin' || organisationId === null) return role === 'agency' ? [] : null;
    if (role === 'agency') return [organisationId];
    // walk down one level per query (children of the last level found), so a request loads only the subtree it may
    // see, not the whole organisations table; chunks keep the IN list within SQLite's variable limit
    const repo = this.dataSource.getRepository(Organisation);
    const visible = new Set([organisationId]);
    let level = [organisationId];
    while (level.length) {
      const next: string[] = [];
      for (let i = 0; i < level.length; i += 500) {
        const children = await repo.find({ where: { parentId: In(level.slice(i, i + 500)) }, select: { id: true } });
        for (const child of children) {
          if (visible.has(child.id)) continue; // a cycle in bad data must not loop for ever
          visible.add(child.id);
          next.push(child.id);
        }
      }
      level = next;
    }
    return [...visible].sort();
  }

  /** The organisation of that name, or null (a reviewer naming one in a request). */
  organisationNamed(name: string): Promise<Organisation | null> {
    return this.dataSource.getRepository(Organisation).findOneBy({ name });
  }

  async findOrCreateOrganisation(name: string, parentName?: string, manager: EntityManager = this.dataSource.manager): Promise<Organisation> {
    const repo = manager.getRepository(Organisation);
    const existing = await repo.findOneBy({ name });
    if (existing) return existing;
    const parent = parentName ? await this.findOrCreateOrganisation(parentName, undefined, manager) : null;
    try {
      // no transaction around one INSERT, so a racing request's failure cannot roll this one back on SQLite's shared connection
      return await repo.save(repo.create({ name, parentId: parent?.id ?? null }), { transaction: false });
    } catch (error) {
      // another request created it at the same moment
      const raced = await repo.findOneBy({ name });
      if (raced) return raced;
      throw error;
    }
  }

  async create(input: { role: Role; org?: string; parentOrg?: string; name?: string }, actor: string): Promise<CreatedApiKey> {
    if (!ROLES.includes(input.role)) throw new BadRequestException(errorBody('INVALID_API_KEY_REQUEST', `角色（role）须为 ${ROLES.join('、')} 之一`));
    if (input.role === 'agency' && !input.org) throw new BadRequestException(errorBody('INVALID_API_KEY_REQUEST', '报告单位（agency）密钥须指定所属单位（org）'));
    const key = generateApiKey();
    return this.dataSource.transaction(async (manager) => {
      const organisation = input.org ? await this.findOrCreateOrganisation(input.org, input.parentOrg, manager) : null;
      const repo = manager.getRepository(ApiKey);
      const row = await repo.save(
        repo.create({ role: input.role, name: input.name ?? null, organisationId: organisation?.id ?? null, keyHash: hashApiKey(key), prefix: key.slice(0, 10) }),
      );
      await this.audit(manager, 'api_key.create', actor, row.id, { role: row.role, org: organisation?.name ?? null });
      return { id: row.id, key, role: row.role, org: organisation?.name ?? null, name: row.name };
    });
  }

  async list(): Promise<ApiKeyListEntry[]> {
    const rows = await this.dataSource.getRepository(ApiKey).find({ order: { createdAt: 'ASC', id: 'ASC' } });
    const orgs = new Map((await this.dataSource.getRepository(Organisation).find()).map((org) => [org.id, org.name]));
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      role: row.role,
      org: row.organisationId ? (orgs.get(row.organisationId) ?? null) : null,
      prefix: row.prefix,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      revokedAt: row.revokedAt,
    }));
  }

  async revoke(id: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ApiKey);
      const row = await repo.findOneBy({ id });
      if (!row) throw new NotFoundException(errorBody('API_KEY_NOT_FOUND', `未找到 API 密钥 ${id}`));
      if (row.revokedAt) return;
      await repo.update({ id }, { revokedAt: new Date() });
      await this.audit(manager, 'api_key.revoke', actor, id, { role: row.role });
    });
  }

  private async audit(manager: EntityManager, action: string, actor: string, subjectId: string, details: Record<string, unknown>): Promise<void> {
    const repo = manager.getRepository(AuditLogEntry);
    await repo.save(repo.create({ action, actor, subjectId, details }));
  }
}
