import { ApiKeysService } from '../auth/api-keys.service';
import { ROLES, type Role } from '../auth/api-key.entity';
import type { AppConfig } from '../config/app-config';
import { openDatabase } from '../schema';
import { isUuid } from '../common/entity-id';
import { CliUsageError, oneLine } from './cli-error';

/** `scorecard keys …` works on the database directly, so the first keys can be made before the API runs. */
async function withKeys<T>(config: AppConfig, work: (keys: ApiKeysService) => Promise<T>): Promise<T> {
  const dataSource = await openDatabase(config.database);
  try {
    return await work(new ApiKeysService(dataSource));
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    const status = (error as { status?: number }).status;
    if (status && status < 500) throw new CliUsageError(oneLine(error));
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

export async function keysCreate(config: AppConfig, options: { role: string; org?: string; parentOrg?: string; name?: string }): Promise<string> {
  if (!ROLES.includes(options.role as Role)) throw new CliUsageError(`--role must be one of ${ROLES.join(', ')}`);
  const created = await withKeys(config, (keys) => keys.create({ role: options.role as Role, org: options.org, parentOrg: options.parentOrg, name: options.name }, 'cli'));
  return JSON.stringify(created);
}

export async function keysList(config: AppConfig): Promise<string> {
  const rows = await withKeys(config, (keys) => keys.list());
  return rows.map((row) => [row.id, row.role, row.org ?? '-', row.prefix, row.revokedAt ? 'revoked' : 'active', row.name ?? ''].join('\t')).join('\n');
}

export async function keysRevoke(config: AppConfig, id: string): Promise<string> {
  if (!isUuid(id)) throw new CliUsageError(`${id} is not a key id`);
  await withKeys(config, (keys) => keys.revoke(id, 'cli'));
  return `revoked ${id}`;
}
