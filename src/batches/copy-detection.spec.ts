import { prepareText } from '../intake';
import { readReport, REPORTS } from '../intake/test-fixtures';
import { copiesOf, detectCopies, type CopyDoc } from './copy-detection';

const doc = (id: string, original: string, issuer?: string): CopyDoc => {
  const prepared = prepareText(original);
  return { id, text: prepared.normalised, original, toOriginal: prepared.toOriginal, issuer: issuer ?? prepared.metadata.issuer ?? null };
};

/** Paragraphs (lines) of a report that carry content, skipping the title block and page chrome. */
const paragraphs = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 60);

describe('copy detection', () => {
  const [zengcheng, jianghai, zhongshan] = REPORTS.map((base) => readReport(base));

  it('does not flag the three real reports against each other', () => {
    const pairs = detectCopies([doc('zengcheng', zengcheng), doc('jianghai', jianghai), doc('zhongshan', zhongshan)]);
    expect(pairs).toEqual([]);
  });

  it('flags a report made of two others’ paragraphs against both, with a plausible share and the passages', () => {
    const a = paragraphs(jianghai);
    const b = paragraphs(zhongshan);
    // the first half of each donor: about half of the composite from each
    const composite = ['某区2023年法治政府建设年度报告', ...a.slice(0, Math.ceil(a.length / 2)), ...b.slice(0, Math.ceil(b.length / 2))].join('\n');
    const pairs = detectCopies([doc('jianghai', jianghai), doc('zhongshan', zhongshan), doc('zengcheng', zengcheng), doc('composite', composite)]);
    const withComposite = pairs.filter((p) => p.a === 'composite' || p.b === 'composite');
    expect(withComposite.map((p) => [p.a, p.b].filter((id) => id !== 'composite')[0]).sort()).toEqual(['jianghai', 'zhongshan']);
    expect(pairs).toHaveLength(2);
    for (const pair of withComposite) {
      const compositeShare = pair.a === 'composite' ? pair.shareA : pair.shareB;
      const donorShare = pair.a === 'composite' ? pair.shareB : pair.shareA;
      expect(compositeShare).toBeGreaterThan(0.3);
      expect(compositeShare).toBeLessThan(0.75);
      expect(donorShare).toBeGreaterThan(0.25);
      expect(donorShare).toBeLessThan(0.8);
      expect(pair.passages.length).toBeGreaterThan(0);
      for (const passage of pair.passages) {
        expect(passage.chars).toBeGreaterThanOrEqual(20);
        // the donor's side is the same passage in the donor's own layout, not the longer stretch of the donor around it
        expect(passage.b.replace(/\s+/g, '')).toBe(passage.a.replace(/\s+/g, ''));
        expect(composite).toContain(pair.a === 'composite' ? passage.a : passage.b);
      }
    }
  });

  it('quotes passages in the script the agency wrote (traditional stays traditional)', () => {
    const trad = '本區二〇二三年度堅持依法行政，完善重大行政決策程序，全年審查規範性文件四十二件，組織執法人員培訓十二期，辦理行政複議案件一百零三件，推動行政執法三項制度全面落實，建成智慧執法平臺並接入全部執法單位。';
    const simplified = prepareText(trad).normalised;
    const pairs = detectCopies([doc('trad', `${trad}\n另有其他工作若干项，均按计划完成并通过验收评估。`), { id: 'copy', text: `${simplified}\n本单位还开展了普法宣传。` }]);
    expect(pairs).toHaveLength(1);
    const passage = pairs[0].passages[0];
    expect(pairs[0].a === 'trad' ? passage.a : passage.b).toContain('堅持依法行政');
  });

  it('ignores the standard formulae and what most of a batch shares', () => {
    const opening = '坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面贯彻党的二十大精神。';
    const shared = '根据上级统一部署，本年度各单位均按照同一模板开展法治宣传月活动，围绕宪法民法典等重点法律法规组织集中宣讲，覆盖全体干部职工和辖区群众。';
    const docs = Array.from({ length: 6 }, (_, i) => ({ id: `d${i}`, text: `${opening}${shared}${'第'.repeat(1)}${i}单位自行开展的工作：${String.fromCharCode(0x4e00 + i * 37).repeat(3)}项目建设${i}期完成。` }));
    expect(detectCopies(docs)).toEqual([]);
  });

  it('flags six copies of one report in a batch of fourteen: copies are not what most of the batch shares', () => {
    let seed = 5;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const unrelated = (i: number) => ({ id: `other${i}`, text: Array.from({ length: 1500 }, () => String.fromCharCode(0x4e00 + Math.floor(rand() * 3000))).join('') });
    const body = paragraphs(jianghai).join('\n');
    const towns = ['东湖镇', '西岭镇', '南坪镇', '北山镇', '龙泉镇', '石桥镇'];
    const copies = towns.map((town) => doc(town, `${town}人民政府2023年法治政府建设年度报告\n${body.replaceAll('江海区', town)}`, `${town}人民政府`));
    const docs = [...copies, doc('zengcheng', zengcheng), doc('zhongshan', zhongshan), ...Array.from({ length: 6 }, (_, i) => unrelated(i))];
    const pairs = detectCopies(docs);
    const among = (p: { a: string; b: string }) => towns.includes(p.a) && towns.includes(p.b);
    expect(pairs.filter(among)).toHaveLength((towns.length * (towns.length - 1)) / 2);
    expect(pairs.filter((p) => !among(p))).toEqual([]);
    for (const pair of pairs) expect(Math.min(pair.shareA, pair.shareB)).toBeGreaterThan(0.9);
  });

  it('compares with an earlier report of the same issuer only', () => {
    const earlier = { ...doc('old', jianghai), issuer: '江海区' };
    const now = { ...doc('new', `${paragraphs(jianghai).slice(0, 6).join('\n')}\n本年度新增工作：建成法治文化公园两座。`), issuer: '江海区' };
    const other = { ...doc('other', zhongshan), issuer: '中山市司法局' };
    const pairs = detectCopies([now, other], [earlier]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ a: 'new', b: 'old', earlier: true });
    expect(detectCopies([{ ...now, issuer: '别的区' }, other], [earlier])).toEqual([]);
  });

  it('finds the one copied pair among many reports', () => {
    const base = paragraphs(jianghai).join('\n');
    const docs: CopyDoc[] = [];
    // distinct synthetic reports built from shuffled vocabulary: unrelated to each other
    let seed = 7;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 60; i++) {
      let text = '';
      for (let j = 0; j < 800; j++) text += String.fromCharCode(0x4e00 + Math.floor(rand() * 3000));
      docs.push({ id: `r${i}`, text });
    }
    docs.push({ id: 'copy1', text: `${base}甲` }, { id: 'copy2', text: `乙${base.slice(0, Math.floor(base.length * 0.6))}` });
    const pairs = detectCopies(docs);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([['copy1', 'copy2']]);
  });

  it('in a batch too large to count every shingle, still ignores a passage 40 % of it shares and finds a copied one', () => {
    let seed = 11;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const randomText = (n: number) => Array.from({ length: n }, () => String.fromCharCode(0x4e00 + Math.floor(rand() * 3000))).join('');
    const shared = randomText(150);
    const copied = randomText(200);
    // the reports sharing the passage come first, in one block, as a batch sorted by region might bring them
    const docs: CopyDoc[] = Array.from({ length: 1200 }, (_, i) => ({ id: `r${i}`, text: i < 480 ? `${randomText(150)}${shared}${randomText(150)}` : randomText(450) }));
    docs[700] = { id: 'copier', text: `${randomText(250)}${copied}` };
    docs[900] = { id: 'source', text: `${copied}${randomText(250)}` };
    const pairs = detectCopies(docs);
    expect(pairs.map((p) => [p.a, p.b].sort())).toEqual([['copier', 'source']]);
  });

  describe('one report against a collection', () => {
    it('names the reports it copies from, itself as a, and nothing for an unrelated collection', () => {
      const a = paragraphs(jianghai);
      const composite = ['某区2023年法治政府建设年度报告', ...a.slice(0, Math.ceil(a.length / 2)), '本年度另行开展了基层法律服务站点建设，新建站点十二个。'].join('\n');
      const pairs = copiesOf(doc('composite', composite), [doc('zengcheng', zengcheng), doc('jianghai', jianghai), doc('zhongshan', zhongshan)]);
      expect(pairs.map((p) => [p.a, p.b])).toEqual([['composite', 'jianghai']]);
      expect(pairs[0].shareA).toBeGreaterThan(0.5);
      for (const passage of pairs[0].passages) {
        expect(composite).toContain(passage.a);
        expect(jianghai).toContain(passage.b);
      }
      expect(copiesOf(doc('zengcheng', zengcheng), [doc('jianghai', jianghai), doc('zhongshan', zhongshan)])).toEqual([]);
    });

    it('finds what detectCopies finds for that report in the same set', () => {
      const b = paragraphs(zhongshan);
      const copy = doc('copy', ['某县2023年法治政府建设情况报告', ...b.slice(2, 12)].join('\n'));
      const docs = [doc('zengcheng', zengcheng), doc('jianghai', jianghai), doc('zhongshan', zhongshan), copy];
      const batch = detectCopies(docs).filter((p) => p.a === 'copy' || p.b === 'copy');
      const single = copiesOf(copy, docs.slice(0, 3));
      expect(single.map((p) => p.b)).toEqual(batch.map((p) => (p.a === 'copy' ? p.b : p.a)));
      expect(single.length).toBeGreaterThan(0);
      expect(single[0].shareA).toBe(batch[0].a === 'copy' ? batch[0].shareA : batch[0].shareB);
    });
  });
});
