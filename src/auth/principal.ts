import type { Role } from './api-key.entity';

/** Who is calling: resolved from the API key by AuthGuard and attached to the request. */
export interface Principal {
  keyId: string; // api key id, or `env:ADMIN_API_KEY`
  role: Role;
  organisationId: string | null;
  /** organisations this caller may see; null = all (admin, or a reviewer with no organisation) */
  visibleOrganisationIds: string[] | null;
}

export function canSeeOrganisation(principal: Principal, organisationId: string): boolean {
  return principal.visibleOrganisationIds === null || principal.visibleOrganisationIds.includes(organisationId);
}
