import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareText } from '../../reports/intake';
import { loadRubricFile } from '../../rubric/rubric-loader';
import { score } from './score';

const ROOT = join(__dirname, '..', '..', '..');
const rubric = loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025.yaml'));
const card = score(prepareText(readFileSync(join(ROOT, 'test/fixtures/reports/001_1c1d18808efcf126.txt'), 'utf8')), rubric, 'county_government');

describe('gap messages', () => {
  const hintOf = (id: string) => rubric.items.find((item) => item.id === id)!.hint;
  const gapOf = (id: string) => card.gaps.find((gap) => gap.itemId === id)!;

  it('for a partial item say what is there and what is still asked, never "未见" what the evidence shows', () => {
    // 001 names the 重大行政决策 procedures but gives no count of decisions or reviews
    expect(card.items.find((item) => item.id === '4.2')!.status).toBe('partial');
    const [lacks, asks] = hintOf('4.2').split('；');
    expect(gapOf('4.2').message).toContain('已有相关内容');
    expect(gapOf('4.2').message).toContain(asks.replace(/。$/, ''));
    expect(gapOf('4.2').message).not.toContain(lacks);
  });

  it('for a missing item give the whole hint, naming the outline clause', () => {
    // 001 has nothing on 突发事件 (六): no plan, drill or emergency law work in 2022
    expect(card.items.find((item) => item.id === '6.1')!.status).toBe('missing');
    expect(gapOf('6.1').message).toContain(hintOf('6.1').replace(/。$/, ''));
    expect(gapOf('6.1').message).toContain('纲要 六（一）');
    expect(gapOf('6.1').outlineRef).toBe('纲要 六（一）');
  });
});
