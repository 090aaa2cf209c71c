/** What the key routes answer: the new key (its secret in this response only) and the list, never a hash. */
import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../api-key.entity';
import type { ApiKeyListEntry, CreatedApiKey } from '../api-keys.service';

export class CreatedApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'the key itself: shown once, stored hashed' }) key: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ type: String, nullable: true, description: 'organisation name' }) org: string | null;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ type: String, nullable: true, description: 'organisation name' }) org: string | null;
  @ApiProperty({ description: 'first characters of the key, to recognise it' }) prefix: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: Date | null;
}

export const toCreatedApiKeyDto = (k: CreatedApiKey): CreatedApiKeyDto => ({ id: k.id, key: k.key, role: k.role, org: k.org, name: k.name });

export const toApiKeyDto = (k: ApiKeyListEntry): ApiKeyDto => ({
  id: k.id,
  name: k.name,
  role: k.role,
  org: k.org,
  prefix: k.prefix,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});
