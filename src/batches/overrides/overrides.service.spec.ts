import { HttpException } from '@nestjs/common';
import { strictMock, type MockMethods } from '../../scoring/test-fixtures';
import type { ApiKeysService } from '../../auth/api-keys.service';
import type { Organisation } from '../../auth/organisation.entity';
import type { Principal } from '../../auth/principal';
import { prepareText } from '../../intake';
import { readReport, REPORTS } from '../../intake/test-fixtures';
import type { Report } from '../../reports/report.entity';
import type { ReportsService } from '../../reports/reports.service';
import { loadRubricDirectory } from '../../rubric/rubric-loader';
import type { Assessment } from '../../scoring/assessment.entity';
import { score } from '../../scoring/engine';
import type { ScoringService } from '../../scoring/scoring.service';
import type { Override, Waiver } from './override.entity';
import type { AuditRecord, OverrideRepository } from './override.repository';
import { OverridesService } from './overrides.service';

const registry = loadRubricDirectory();
const rubric = registry.current();
const prepared = prepareText(readReport(REPORTS[0]));
const card = score(prepared, rubric, prepared.metadata.level ?? 'county_government');
const scorable = card.items.find((it) => it.status !== 'not_applicable' && it.score < it.max)!;

const reviewer: Principal = { keyId: 'k-rev', role: 'reviewer', organisationId: 'org-a', visibleOrganisationIds: ['org-a', 'org-a1'] };
const report = (id: string, fields: Partial<Report> = {}) => ({ id, organisationId: 'org-a1', issuer: '某区人民政府', ...fields }) as Report;
const assessment = (reportId: string, fields: Partial<Assessment> = {}) => ({ id: `as-${reportId}`, reportId, status: 'done', card, rubricId: rubric.id, rubricVersion: rubric.version, ...fields }) as Assessment;
const at = (day: number) => new Date(Date.UTC(2026, 0, day));
const waiver = (id: string, fields: Partial<Waiver>) => ({ id, organisationId: 'org-a1', issuer: null, itemId: scorable.id, reason: '不适用', actor: 'k', createdAt: at(1), expiresAt: at(300), ...fields }) as Waiver;
const override = (id: string, fields: Partial<Override>) => ({ id, reportId: 'r1', itemId: scorable.id, status: 'met', reason: '已核实', actor: 'k', rubricId: rubric.id, rubricVersion: rubric.version, createdAt: at(2), ...fields }) as Override;

function build(parts: { rows?: MockMethods<OverrideRepository>; organisations?: MockMethods<ApiKeysService>; reports?: MockMethods<ReportsService>; scoring?: MockMethods<ScoringService> } = {}) {
  const rows = strictMock<OverrideRepository>('OverrideRepository', parts.rows);
  const organisations = strictMock<ApiKeysService>('ApiKeysService', parts.organisations);
  const reports = strictMock<ReportsService>('ReportsService', parts.reports);
  const scoring = strictMock<ScoringService>('ScoringService', parts.scoring);
  return { service: new OverridesService(rows, organisations, reports, scoring, registry), rows, organisations };
}

async function codeOf(promise: Promise<unknown>): Promise<[number, string]> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof HttpException)) throw error ?? new Error('expected a rejection');
  return [error.getStatus(), (error.getResponse() as { error: string }).error];
}

describe('OverridesService.adjustmentsFor', () => {
  it("gives each report its organisation's waivers (for its issuer or all issuers) first, then overrides under its assessment's rubric version", async () => {
    const activeWaivers = jest.fn(async () => [
      waiver('w-all', {}),
      waiver('w-issuer', { issuer: '某区人民政府' }),
      waiver('w-other-issuer', { issuer: '某县人民政府' }),
      waiver('w-other-org', { organisationId: 'org-b' }),
    ]);
    const overridesOfAll = jest.fn(async () => [override('o-r1', {}), override('o-old-version', { rubricVersion: '0.0.1' }), override('o-r2', { reportId: 'r2' })]);
    const { service } = build({ rows: { activeWaivers, overridesOfAll } });
    const out = await service.adjustmentsFor([report('r1'), report('r2', { issuer: '某县人民政府' }), report('r3', { organisationId: 'org-b' })], [assessment('r1'), assessment('r2')]);

    expect(activeWaivers).toHaveBeenCalledWith(['org-a1', 'org-b']);
    expect(overridesOfAll).toHaveBeenCalledWith(['r1', 'r2', 'r3']);
    expect(out.get('r1')!.map((a) => a.id)).toEqual(['w-all', 'w-issuer', 'o-r1']);
    expect(out.get('r2')!.map((a) => a.id)).toEqual(['w-all', 'w-other-issuer', 'o-r2']);
    // r3 has no assessment: only its organisation's waiver applies
    expect(out.get('r3')!.map((a) => a.id)).toEqual(['w-other-org']);
    expect(out.get('r1')![0]).toMatchObject({ kind: 'waiver', status: 'not_applicable', expiresAt: at(300).toISOString() });
    expect(out.get('r1')![2]).toMatchObject({ kind: 'override', status: 'met', at: at(2).toISOString() });
  });

  it('asks nothing for no reports', async () => {
    expect((await build().service.adjustmentsFor([], [])).size).toBe(0);
  });
});

describe('OverridesService.createWaiver', () => {
  const dto = { itemId: scorable.id, reason: '本级不承担', expiresAt: new Date(Date.now() + 86_400_000).toISOString() };

  it("waives for a named organisation the caller sees, and writes the audit entry with the stored row's id", async () => {
    const saveWaiver = jest.fn(async (fields: object, audit: (row: Waiver) => AuditRecord) => {
      const row = waiver('w-new', fields as Partial<Waiver>);
      audit(row);
      return row;
    });
    const organisationNamed = jest.fn(async () => ({ id: 'org-a1', name: '某区' }) as Organisation);
    const { service } = build({ rows: { saveWaiver }, organisations: { organisationNamed } });
    const saved = await service.createWaiver(reviewer, { ...dto, org: '某区', issuer: '某区人民政府' });
    expect(saved.id).toBe('w-new');
    expect(organisationNamed).toHaveBeenCalledWith('某区');
    const [fields, audit] = saveWaiver.mock.calls[0];
    expect(fields).toEqual({ organisationId: 'org-a1', issuer: '某区人民政府', itemId: scorable.id, reason: '本级不承担', expiresAt: new Date(dto.expiresAt), actor: 'k-rev' });
    expect(audit(waiver('w-new', { issuer: '某区人民政府' }))).toEqual({
      action: 'waiver.create',
      actor: 'k-rev',
      subjectId: 'w-new',
      details: { organisationId: 'org-a1', issuer: '某区人民政府', itemId: scorable.id, reason: '不适用', expiresAt: new Date(dto.expiresAt).toISOString() },
    });
  });

  it("answers 404 for an organisation that does not exist or that the caller does not see, storing nothing", async () => {
    const missing = build({ organisations: { organisationNamed: async () => null } });
    expect(await codeOf(missing.service.createWaiver(reviewer, { ...dto, org: '无此单位' }))).toEqual([404, 'ORGANISATION_NOT_FOUND']);
    const hidden = build({ organisations: { organisationNamed: async () => ({ id: 'org-b', name: '他市' }) as Organisation } });
    expect(await codeOf(hidden.service.createWaiver(reviewer, { ...dto, org: '他市' }))).toEqual([404, 'ORGANISATION_NOT_FOUND']);
  });

  it('refuses a waiver naming no issuer, organisation or report, one already expired, and one for an unknown item', async () => {
    const { service } = build();
    expect(await codeOf(service.createWaiver(reviewer, dto))).toEqual([400, 'INVALID_WAIVER']);
    expect(await codeOf(service.createWaiver(reviewer, { ...dto, issuer: '某区人民政府', expiresAt: '2020-01-01' }))).toEqual([400, 'INVALID_WAIVER']);
    expect(await codeOf(service.createWaiver(reviewer, { ...dto, issuer: '某区人民政府', itemId: 'Z9' }))).toEqual([400, 'UNKNOWN_ITEM']);
  });

  it("lists the waivers of the organisations the caller sees", async () => {
    const waivers = jest.fn(async () => [waiver('w1', {})]);
    const { service } = build({ rows: { waivers } });
    expect((await service.listWaivers(reviewer)).map((w) => w.id)).toEqual(['w1']);
    expect(waivers).toHaveBeenCalledWith(['org-a', 'org-a1']);
  });
});

describe('OverridesService.create', () => {
  it("stores the override with the item's score and the total before and after, and its audit entry", async () => {
    const saveOverride = jest.fn(async (row: Override, audit: (saved: Override) => AuditRecord) => {
      const saved = { ...row, id: 'o-new', createdAt: at(3) } as Override;
      audit(saved);
      return saved;
    });
    const { service } = build({
      rows: { saveOverride, activeWaivers: async () => [], overridesOfAll: async () => [] },
      reports: { findVisible: async () => report('r1') },
      scoring: { latest: async () => assessment('r1') },
    });
    const dto = await service.create(reviewer, 'r1', { itemId: scorable.id, status: 'met', reason: '附件已提供' });
    expect(dto).toMatchObject({ id: 'o-new', reportId: 'r1', assessmentId: 'as-r1', status: 'met', rubric: `${rubric.id}@${rubric.version}`, needsReview: false });
    expect(dto.before).toEqual({ status: scorable.status, score: scorable.score, total: card.total });
    expect(dto.after.status).toBe('met');
    expect(dto.after.score).toBe(scorable.max);
    expect(dto.after.total).toBeGreaterThan(card.total);
    const audit = saveOverride.mock.calls[0][1];
    expect(audit({ ...saveOverride.mock.calls[0][0], id: 'o-new' } as Override)).toMatchObject({ action: 'override.create', actor: 'k-rev', subjectId: 'r1', details: { overrideId: 'o-new', itemId: scorable.id, reason: '附件已提供' } });
  });

  it('answers 409 while the report is not scored, and 400 for an item its rubric does not have', async () => {
    const notReady = build({ reports: { findVisible: async () => report('r1') }, scoring: { latest: async () => assessment('r1', { status: 'running', card: null }) } });
    expect(await codeOf(notReady.service.create(reviewer, 'r1', { itemId: scorable.id, status: 'met', reason: '附件' }))).toEqual([409, 'ASSESSMENT_NOT_READY']);
    const unknown = build({ reports: { findVisible: async () => report('r1') }, scoring: { latest: async () => assessment('r1') } });
    expect(await codeOf(unknown.service.create(reviewer, 'r1', { itemId: 'Z9', status: 'met', reason: '附件' }))).toEqual([400, 'UNKNOWN_ITEM']);
  });
});
