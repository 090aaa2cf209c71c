import { BadRequestException } from '@nestjs/common';
import type { RubricRegistry } from '../rubric/rubric-loader';
import type { RubricDefinition } from '../rubric/rubric.types';

/** The rubric a request names, the current one when it names none; one that is not loaded is the caller's 400. */
export function requestedRubric(registry: RubricRegistry, ref?: string): RubricDefinition {
  try {
    return registry.resolve(ref);
  } catch (error) {
    throw new BadRequestException((error as Error).message);
  }
}

/** A profile the rubric declares (any loaded rubric, when none is chosen yet); otherwise the caller's 400 unknown_profile. */
export function assertProfile(registry: RubricRegistry, profile: string | null | undefined, rubric?: RubricDefinition): void {
  if (!profile) return;
  const names = rubric ? Object.keys(rubric.profiles) : registry.profileNames();
  if (names.includes(profile)) return;
  const where = rubric ? `评分细则 ${rubric.id}@${rubric.version}` : '已加载的评分细则';
  throw new BadRequestException({ error: 'unknown_profile', message: `评分类型“${profile}”不是${where}声明的类型，可选：${names.join('、')}` });
}
