import { useState } from 'preact/hooks';
import { session, type Role } from '../api/session';
import { ROLE_LABEL } from '../labels';
import { linkClick, navigate } from '../router';
import { BatchPage } from './BatchPage';
import { Batches } from './Batches';
import { Keys } from './Keys';
import { Login } from './Login';
import { ReportPage } from './ReportPage';
import { Reports } from './Reports';
import { RubricBrowser } from './RubricBrowser';
import { ComparePage } from './YearComparison';

interface Tab {
  href: string;
  label: string;
  roles: Role[];
}
const TABS: Tab[] = [
  { href: '/console/reports', label: '报告', roles: ['admin', 'reviewer', 'agency'] },
  { href: '/console/batches', label: '批次', roles: ['admin', 'reviewer'] },
  { href: '/console/rubric', label: '评分细则', roles: ['admin', 'reviewer', 'agency'] },
  { href: '/console/keys', label: '密钥', roles: ['admin'] },
];

function page(path: string, role: Role) {
  const [, , section, id, sub] = path.split('/');
  if (section === 'reports' && id && sub === 'compare') return <ComparePage id={decodeURIComponent(id)} />;
  if (section === 'reports' && id) return <ReportPage id={decodeURIComponent(id)} role={role} />;
  if (section === 'batches' && id) return <BatchPage id={decodeURIComponent(id)} />;
  if (section === 'batches') return <Batches />;
  if (section === 'rubric') return <RubricBrowser />;
  if (section === 'keys') return <Keys />;
  return <Reports role={role} />;
}

/** The review console: everything behind a key, shown as the API decides for that key's role and organisation. */
export function Console({ path }: { path: string }) {
  const [role, setRole] = useState<Role | null>(session.key() ? session.role() : null);
  if (!role) return <Login onLogin={(r) => setRole(r)} />;
  const current = TABS.find((tab) => path.startsWith(tab.href)) ?? TABS[0];
  return (
    <main id="main">
      <div class="console-head">
        <ul class="subnav" aria-label="控制台导航">
          {TABS.filter((tab) => tab.roles.includes(role)).map((tab) => (
            <li key={tab.href}>
              <a href={tab.href} onClick={linkClick} aria-current={tab === current ? 'page' : undefined}>
                {tab.label}
              </a>
            </li>
          ))}
        </ul>
        <span class="who">
          当前身份：{ROLE_LABEL[role]}{' '}
          <button
            type="button"
            class="link"
            onClick={() => {
              session.clear();
              setRole(null);
              navigate('/console');
            }}
          >
            退出登录
          </button>
        </span>
      </div>
      {page(path, role)}
    </main>
  );
}
