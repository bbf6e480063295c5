/**
 * The code most signed-in users need first: the access overview is the home page of
 * five roles of seven, and its charts need ECharts. Fetched while the sign-in page
 * waits for a name and password, so signing in does not wait for it; a module is
 * fetched once, whoever asks for it again.
 */
type OverviewModule = typeof import('../pages/overview.tsx');

let overview: OverviewModule | undefined;

export function loadOverviewPage(): Promise<OverviewModule> {
  return import('../pages/overview.tsx').then((module) => {
    overview = module;
    return module;
  });
}

/**
 * The overview's module if it has arrived. Rendering it directly, rather than through
 * `lazy`, spares a suspension: React reveals suspended content at most every 300 ms,
 * which was a third of the time from signing in to the page on screen.
 */
export function loadedOverviewPage(): OverviewModule | undefined {
  return overview;
}

export function prefetchHomeCode(): void {
  void Promise.all([loadOverviewPage(), import('../charts/echarts.ts')]).catch(() => {
    // A prefetch that fails costs nothing: the page asks again, and reports it, when opened.
  });
}
