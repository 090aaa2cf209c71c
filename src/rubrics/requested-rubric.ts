import { BadRequestException } from '@nestjs/common';
import { errorBody } from '../common/error-codes';
import { InvalidRubricRefError, RubricNotFoundError, type RubricRegistry } from '../rubric/rubric-loader';
import type { RubricDefinition } from '../rubric/rubric.types';
import { GOVERNMENT_LEVELS, isGovernmentLevel } from '../intake/intake.types';

/** The rubric a request names, the current one when it names none; one that is not loaded is the caller's 400. */
export function requestedRubric(registry: RubricRegistry, ref?: string): RubricDefinition {
  try {
    return registry.resolve(ref);
  } catch (error) {
    throw rubricRequestError(registry, error, ref);
  }
}

/** A rubric the request named that is malformed or not loaded is the caller's 400; anything else stays a fault. */
export function rubricRequestError(registry: RubricRegistry, error: unknown, ref: string | undefined): unknown {
  if (error instanceof InvalidRubricRefError) {
    return new BadRequestException(errorBody('INVALID_RUBRIC_REF', `评估细则写法不对：“${ref}”，应为 ID 或 ID@VERSION（如 outline-2021-2025@1.1.0）`));
  }
  if (error instanceof RubricNotFoundError) {
    const loaded = registry.list().map((r) => `${r.id}@${r.version}`).join('、') || '无';
    return new BadRequestException(errorBody('RUBRIC_NOT_FOUND', ref ? `未找到评估细则 ${ref}（已加载：${loaded}）` : `没有可用的当前评估细则（已加载：${loaded}），请指定一个`));
  }
  return error;
}

/** A profile the rubric declares (any loaded rubric, when none is chosen yet); otherwise the caller's 400 UNKNOWN_PROFILE. */
export function assertProfile(registry: RubricRegistry, profile: string | null | undefined, rubric?: RubricDefinition): void {
  if (!profile) return;
  const names = rubric ? Object.keys(rubric.profiles) : registry.profileNames();
  if (names.includes(profile)) return;
  const where = rubric ? `评分细则 ${rubric.id}@${rubric.version}` : '已加载的评分细则';
  throw new BadRequestException(errorBody('UNKNOWN_PROFILE', `评分类型“${profile}”不是${where}声明的类型，可选：${names.join('、')}`));
}

/**
 * The issuer's type a user gave (`level`): a level of government, which the rubric maps to a profile, or a profile
 * some loaded rubric declares (the rubric is chosen later, by the report's year); otherwise 400 UNKNOWN_PROFILE.
 * `where` names the manifest line or file when the level came from a batch.
 */
export function assertLevel(registry: RubricRegistry, level: string | null | undefined, where = ''): void {
  if (!level || isGovernmentLevel(level)) return;
  const names = registry.profileNames();
  if (names.includes(level)) return;
  throw new BadRequestException(
    errorBody('UNKNOWN_PROFILE', `${where}单位类型“${level}”无法识别，可选政府层级 ${GOVERNMENT_LEVELS.join('、')}，或评分类型 ${names.join('、')}`),
  );
}
