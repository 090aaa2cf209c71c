import { loadRubricFile, type RubricRegistry } from '../rubric/rubric-loader';
import { summariseRubric } from '../rubric/rubric-summary';
import { CliUsageError, oneLine } from './cli-error';

export function rubricList(registry: RubricRegistry): string {
  return registry
    .list()
    .map((rubric) => `${rubric.id}@${rubric.version}\t${rubric.items.length} items\t${rubric.title}`)
    .join('\n');
}

export function rubricShow(registry: RubricRegistry, ref: string | undefined, json: boolean): string {
  let rubric;
  try {
    rubric = registry.resolve(ref);
  } catch (error) {
    throw new CliUsageError(oneLine(error));
  }
  if (json) return JSON.stringify(summariseRubric(rubric));
  const lines = [`${rubric.id}@${rubric.version}  ${rubric.title}`];
  if (rubric.period) lines.push(`适用 ${rubric.period.from}—${rubric.period.to} 年度报告`);
  lines.push('', `parts: ${(rubric.parts ?? []).map((p) => `${p.id}=${p.title}`).join('; ')}`, '');
  for (const item of rubric.items) {
    lines.push(`${item.id.padEnd(5)} [${String(item.part).padEnd(6)}] w${String(item.weight).padEnd(3)} ${item.title}  (${item.outlineRef})`);
  }
  lines.push('', 'profiles:');
  for (const p of Object.values(rubric.profiles)) lines.push(`  ${p.name}${p.default ? ' (default)' : ''}  ${p.title}${p.levels?.length ? `  levels: ${p.levels.join(', ')}` : ''}`);
  return lines.join('\n');
}

export function rubricValidate(file: string): string {
  try {
    const rubric = loadRubricFile(file);
    return `${file}: ok (${rubric.id}@${rubric.version}, ${rubric.items.length} items)`;
  } catch (error) {
    throw new CliUsageError(oneLine(error));
  }
}
