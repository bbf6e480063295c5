/**
 * Which screen to show: the session decides between signing in and the app, the path
 * decides the page, and the role (app/catalog.ts) decides whether the page may open.
 * A path the role may not open shows "Not allowed", never the page and its failed calls.
 */
import { type ComponentType, lazy, Suspense, useEffect } from 'react';
import { Failure, Loading } from '../components/states.tsx';
import { CliniciansPage } from '../pages/clinicians.tsx';
import { HotlinePage } from '../pages/hotline/hotline-page.tsx';
import { AtRiskPage } from '../pages/lists/at-risk.tsx';
import { BreachesPage } from '../pages/lists/breaches.tsx';
import { NotAllowedPage, NotFoundPage } from '../pages/not-allowed.tsx';
import { PUBLIC_STATUS_PATH } from '../pages/public-status/public-status.ts';
import { PublicStatusPage } from '../pages/public-status/public-status-page.tsx';
import { SchedulerPage } from '../pages/scheduler.tsx';
import { SignInPage } from '../pages/sign-in.tsx';
import { homeFor, mayOpen, type PageId, pageAt, SIGN_IN_PATH } from './catalog.ts';
import { loadedOverviewPage, loadOverviewPage } from './prefetch.ts';
import { navigate, useLocation } from './router.ts';
import { useSession } from './session.tsx';
import { Shell } from './shell.tsx';

// The overview brings ECharts (most of the app's bytes): loaded when first opened, so
// the sign-in page and the tables start without it.
const LazyOverviewPage = lazy(() =>
  loadOverviewPage().then((module) => ({ default: module.OverviewPage })),
);

/** The overview as soon as its code is here (the sign-in page prefetches it), else lazily. */
function OverviewPage() {
  const loaded = loadedOverviewPage();
  return loaded ? <loaded.OverviewPage /> : <LazyOverviewPage />;
}

// The simulator brings ECharts too, and the scenario schema; its worker (the engine) is
// a chunk of its own, loaded when a run starts.
const SimulatorPage = lazy(() =>
  import('../pages/simulator.tsx').then((module) => ({ default: module.SimulatorPage })),
);

// The disruption wizard charts its report (ECharts, loaded with the first chart) and is
// opened by few: a chunk of its own.
const DisruptionPage = lazy(() =>
  import('../pages/disruption/disruption-page.tsx').then((module) => ({
    default: module.DisruptionPage,
  })),
);

const SCREENS: Readonly<Record<PageId, ComponentType>> = {
  overview: OverviewPage,
  scheduler: SchedulerPage,
  'at-risk': AtRiskPage,
  breaches: BreachesPage,
  disruption: DisruptionPage,
  hotline: HotlinePage,
  simulator: SimulatorPage,
  clinicians: CliniciansPage,
};

export function App() {
  const { state } = useSession();
  const { path } = useLocation();
  const signedIn = state.status === 'signed-in';

  // Addresses follow the session: signed out → the sign-in page (remembering nothing of
  // where the user was: the next role may not open it); signed in → away from sign-in.
  useEffect(() => {
    if (state.status === 'signed-out' && path !== SIGN_IN_PATH && path !== PUBLIC_STATUS_PATH) {
      navigate(SIGN_IN_PATH, { replace: true });
    } else if (
      state.status === 'signed-in' &&
      (path === SIGN_IN_PATH || path === '/' || path === '/app' || path === '/app/')
    ) {
      navigate(homeFor(state.principal.role), { replace: true });
    }
  }, [state, path]);

  // The public status page needs no session: anyone, signed in or not, whatever the check says.
  if (path === PUBLIC_STATUS_PATH) return <PublicStatusPage signedIn={signedIn} />;
  if (state.status === 'checking') {
    return (
      <main id="main" className="centered">
        <Loading what="Timely" />
      </main>
    );
  }
  if (state.status === 'unreachable') {
    return (
      <main id="main" className="centered">
        <h1>Timely</h1>
        <Failure message={state.message} onRetry={() => window.location.reload()} />
      </main>
    );
  }
  if (!signedIn)
    return <SignInPage notice={state.status === 'signed-out' ? state.notice : undefined} />;

  const page = pageAt(path);
  const Screen = page ? SCREENS[page.id] : undefined;
  return (
    <Shell principal={state.principal} path={path}>
      {page === undefined || Screen === undefined ? (
        <NotFoundPage principal={state.principal} />
      ) : mayOpen(state.principal.role, page) ? (
        <Suspense fallback={<Loading what={page.title.toLowerCase()} />}>
          <Screen />
        </Suspense>
      ) : (
        <NotAllowedPage title={page.title} principal={state.principal} />
      )}
    </Shell>
  );
}
