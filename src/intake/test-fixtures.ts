/** Paths of the committed intake fixtures, for specs (not used at run time). */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../../test/fixtures');
export const REPORTS = ['000_461a89b47b0cee9b', '001_1c1d18808efcf126', '003_efdde5739ee958ba'] as const;

export const reportPath = (base: string) => path.join(FIXTURES, 'reports', `${base}.txt`);
export const variantPath = (base: string, suffix: string) => path.join(FIXTURES, 'variants', `${base}${suffix}`);
export const badPath = (name: string) => path.join(FIXTURES, 'bad', name);
export const readReport = (base: string) => fs.readFileSync(reportPath(base), 'utf8');
