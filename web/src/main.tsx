import { render } from 'preact';
import { lazy, Suspense } from 'preact/compat';
import { SelfCheck } from './pages/SelfCheck';
import { linkClick, usePath } from './router';
import './styles.css';

// the review console is a separate chunk: the self-check page (what most visitors open) does not load it
const Console = lazy(() => import('./console/Console').then((m) => m.Console));

function App() {
  const path = usePath();
  const inConsole = path === '/console' || path.startsWith('/console/');
  return (
    <>
      <a class="skip" href="#main">
        跳到正文
      </a>
      <header class="top no-print">
        <span class="brand">法治政府建设年度报告评分</span>
        <nav aria-label="主导航">
          <a href="/" onClick={linkClick} aria-current={!inConsole ? 'page' : undefined}>
            自查
          </a>
          <a href="/console" onClick={linkClick} aria-current={inConsole ? 'page' : undefined}>
            评审控制台
          </a>
        </nav>
      </header>
      {inConsole ? (
        <Suspense fallback={<p role="status">正在加载……</p>}>
          <Console path={path} />
        </Suspense>
      ) : (
        <SelfCheck />
      )}
    </>
  );
}

render(<App />, document.getElementById('app')!);
