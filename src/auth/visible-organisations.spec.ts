import type { DataSource } from 'typeorm';
import { FindOperator } from 'typeorm';
import { ApiKeysService } from './api-keys.service';
import { Organisation } from './organisation.entity';

/**
 * Defect 6 (issue 11): a reviewer's request must not load the whole organisations table. The repository here is
 * strict: it answers only "children of these parents" and throws on anything else, so an unfiltered find fails.
 */
const TREE: Array<{ id: string; parentId: string | null }> = [
  { id: 'province', parentId: null },
  { id: 'city-a', parentId: 'province' },
  { id: 'city-b', parentId: 'province' },
  { id: 'county-a1', parentId: 'city-a' },
  { id: 'town-a1x', parentId: 'county-a1' },
  { id: 'other-province', parentId: null },
  { id: 'other-city', parentId: 'other-province' },
];

function strictDataSource() {
  const asked: string[][] = [];
  const find = jest.fn(async (options: { where?: { parentId?: unknown } }) => {
    const parentId = options?.where?.parentId;
    if (!(parentId instanceof FindOperator) || parentId.type !== 'in') throw new Error(`unexpected find: ${JSON.stringify(options)}`);
    const parents = parentId.value as unknown as string[];
    asked.push([...parents]);
    return TREE.filter((o) => o.parentId !== null && parents.includes(o.parentId)).map((o) => ({ id: o.id }));
  });
  const getRepository = jest.fn((entity: unknown) => {
    if (entity !== Organisation) throw new Error('unexpected repository');
    return new Proxy({ find }, { get: (target, key) => { if (key in target) return (target as Record<string | symbol, unknown>)[key]; throw new Error(`unexpected call ${String(key)}`); } });
  });
  return { dataSource: { getRepository } as unknown as DataSource, asked, find };
}

describe('ApiKeysService.visibleOrganisations', () => {
  it('a reviewer sees its organisation and every level under it, asking only for children level by level', async () => {
    const { dataSource, asked } = strictDataSource();
    const visible = await new ApiKeysService(dataSource).visibleOrganisations('reviewer', 'province');
    expect(visible).toEqual(['city-a', 'city-b', 'county-a1', 'province', 'town-a1x']);
    // one query per level, each for the last level found only (never the other province's rows)
    expect(asked).toEqual([['province'], ['city-a', 'city-b'], ['county-a1'], ['town-a1x']]);
  });

  it('a reviewer of a leaf sees itself after one query; admin and agency need none', async () => {
    const { dataSource, find } = strictDataSource();
    const service = new ApiKeysService(dataSource);
    expect(await service.visibleOrganisations('reviewer', 'other-city')).toEqual(['other-city']);
    expect(find).toHaveBeenCalledTimes(1);
    expect(await service.visibleOrganisations('admin', null)).toBeNull();
    expect(await service.visibleOrganisations('agency', 'city-a')).toEqual(['city-a']);
    expect(find).toHaveBeenCalledTimes(1);
  });
});
