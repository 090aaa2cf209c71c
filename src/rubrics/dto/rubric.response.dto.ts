/**
 * What GET /rubrics and GET /rubrics/:id answer: the rubric as data (rubric/rubric-summary.ts, shared with
 * `scorecard rubric show --json`), mapped field by field so the load details (file, hash) never leak.
 */
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { RubricDefinition, StatusRule } from '../../rubric/rubric.types';
import type { RubricSummary } from '../../rubric/rubric-summary';
import { GAP_SEVERITIES, PART_ID_SCHEMA } from '../../scoring/dto/score-card.dto';

export class RubricListEntryDto {
  @ApiProperty({ example: 'outline-2021-2025' }) id: string;
  @ApiProperty({ example: '1.1.0' }) version: string;
  @ApiProperty() title: string;
  @ApiProperty() itemCount: number;
}

export class GradeBandDto {
  @ApiProperty({ description: 'lowest total of the grade, inclusive' }) min: number;
  @ApiProperty({ example: '优秀' }) grade: string;
}

export class RubricPartDto {
  @ApiProperty(PART_ID_SCHEMA) id: 'report' | number;
  @ApiProperty() title: string;
}

export class TermGroupDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'what a gap calls it' }) label: string;
  @ApiProperty({ type: [String], description: 'synonyms, simplified Chinese' }) terms: string[];
}

export class RuleThresholdDto {
  @ApiPropertyOptional() minGroups?: number;
}

export class MetRuleDto extends RuleThresholdDto {
  @ApiPropertyOptional({ type: [String] }) required?: string[];
  @ApiPropertyOptional({ description: 'an evidence sentence must carry a figure' }) figure?: boolean;
}

export class StatusRuleDto {
  @ApiPropertyOptional({ type: RuleThresholdDto }) partial?: RuleThresholdDto;
  @ApiPropertyOptional({ type: MetRuleDto }) met?: MetRuleDto;
}

export class RubricItemDto {
  @ApiProperty({ example: '4.2' }) id: string;
  @ApiProperty(PART_ID_SCHEMA) part: 'report' | number;
  @ApiProperty() title: string;
  @ApiProperty() outlineRef: string;
  @ApiProperty() weight: number;
  @ApiProperty({ description: 'the engine check that decides the status', example: 'terms' }) check: string;
  @ApiProperty() optional: boolean;
  @ApiProperty({ enum: GAP_SEVERITIES }) severity: string;
  @ApiProperty({ type: [TermGroupDto] }) groups: TermGroupDto[];
  @ApiPropertyOptional({ type: StatusRuleDto }) rule?: StatusRuleDto;
  @ApiProperty({ description: 'remediation hint for the gap list' }) hint: string;
}

export class ProfileDto {
  @ApiProperty({ example: 'county_government' }) name: string;
  @ApiProperty({ example: '区县政府' }) title: string;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional({ type: [String], description: 'detected government levels it is chosen for' }) levels?: string[];
  @ApiPropertyOptional({ type: [String], description: "patterns on the issuer's name" }) issuer?: string[];
  @ApiPropertyOptional({ description: 'chosen when nothing recognises the reporter' }) default?: boolean;
  @ApiProperty({ type: [String], description: 'items that do not apply' }) exclude: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'weights by item id' }) weights: Record<string, number>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'object', additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }] } } })
  params?: Record<string, Record<string, number | string | boolean>>;
}

@ApiExtraModels(ProfileDto)
export class RubricDto {
  @ApiProperty() id: string;
  @ApiProperty() version: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [String] }) sources: string[];
  @ApiProperty({ description: "partial's share of an item's weight, 0..1" }) partialCredit: number;
  @ApiProperty({ type: [GradeBandDto] }) grades: GradeBandDto[];
  @ApiProperty({ type: [RubricPartDto] }) parts: RubricPartDto[];
  @ApiProperty({ type: [RubricItemDto] }) items: RubricItemDto[];
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(ProfileDto) }, description: 'by profile key' }) profiles: Record<string, ProfileDto>;
}

export const toRubricListEntryDto = (r: RubricDefinition): RubricListEntryDto => ({ id: r.id, version: r.version, title: r.title, itemCount: r.items.length });

const toStatusRuleDto = (rule: StatusRule): StatusRuleDto => ({
  ...(rule.partial ? { partial: { ...(rule.partial.minGroups !== undefined ? { minGroups: rule.partial.minGroups } : {}) } } : {}),
  ...(rule.met
    ? {
        met: {
          ...(rule.met.minGroups !== undefined ? { minGroups: rule.met.minGroups } : {}),
          ...(rule.met.required ? { required: [...rule.met.required] } : {}),
          ...(rule.met.figure !== undefined ? { figure: rule.met.figure } : {}),
        },
      }
    : {}),
});

const toProfileDto = (p: RubricSummary['profiles'][string]): ProfileDto => ({
  name: p.name,
  title: p.title,
  ...(p.description !== undefined ? { description: p.description } : {}),
  ...(p.levels ? { levels: [...p.levels] } : {}),
  ...(p.issuer ? { issuer: [...p.issuer] } : {}),
  ...(p.default !== undefined ? { default: p.default } : {}),
  exclude: [...p.exclude],
  weights: { ...p.weights },
  ...(p.params ? { params: p.params } : {}),
});

export function toRubricDto(r: RubricSummary): RubricDto {
  return {
    id: r.id,
    version: r.version,
    title: r.title,
    sources: [...r.sources],
    partialCredit: r.partialCredit,
    grades: r.grades.map((g) => ({ min: g.min, grade: g.grade })),
    parts: r.parts.map((p) => ({ id: p.id, title: p.title })),
    items: r.items.map((it) => ({
      id: it.id,
      part: it.part,
      title: it.title,
      outlineRef: it.outlineRef,
      weight: it.weight,
      check: it.check,
      optional: it.optional,
      severity: it.severity,
      groups: it.groups.map((g) => ({ id: g.id, label: g.label, terms: [...g.terms] })),
      ...(it.rule ? { rule: toStatusRuleDto(it.rule) } : {}),
      hint: it.hint,
    })),
    profiles: Object.fromEntries(Object.entries(r.profiles).map(([key, p]) => [key, toProfileDto(p)])),
  };
}
