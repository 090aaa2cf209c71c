import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareText } from '../../intake';
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

  it('for work only planned, name what the plan mentions and nothing it does not', () => {
    // 003's 2024 plan: "健全完善行政执法协调监督工作体系" — its 2023 work says nothing of 八（三）
    const zhongshan = score(prepareText(readFileSync(join(ROOT, 'test/fixtures/reports/003_efdde5739ee958ba.txt'), 'utf8')), rubric, 'department');
    const gap = zhongshan.gaps.find((g) => g.itemId === '8.3')!;
    const finding = gap.message.split('。')[0];
    expect(finding).toContain('列入计划但未见落实');
    expect(finding).toContain('行政执法协调监督工作体系');
    expect(finding).not.toContain('案卷评查');
  });

  it('for a missing item give the whole hint, naming the outline clause', () => {
    // 001 has nothing on 突发事件 (六): no plan, drill or emergency law work in 2022
    expect(card.items.find((item) => item.id === '6.1')!.status).toBe('missing');
    expect(gapOf('6.1').message).toContain(hintOf('6.1').replace(/。$/, ''));
    expect(gapOf('6.1').message).toContain('纲要 六（一）');
    expect(gapOf('6.1').outlineRef).toBe('纲要 六（一）');
  });
});

describe('evidence', () => {
  it('comes from the body of the report before the opening formula', () => {
    // 003 opens with the standard formula (…坚持以习近平新时代中国特色社会主义思想为指导…); its leadership work
    // (十（一）) is told in the body: "局主要负责同志认真履行推进法治建设第一责任人职责,主持召开专题会、推进会…"
    const zhongshan = score(prepareText(readFileSync(join(ROOT, 'test/fixtures/reports/003_efdde5739ee958ba.txt'), 'utf8')), rubric, 'department');
    const leadership = zhongshan.items.find((item) => item.id === '10.1')!;
    expect(leadership.evidence[0].quote).toContain('局主要负责同志认真履行推进法治建设第一责任人职责');
    expect(leadership.evidence.map((e) => e.quote).join('')).not.toContain('坚持以习近平新时代中国特色社会主义思想为指导');
  });
});
