import { ErrorBoundary, LocationProvider, Route, Router } from 'preact-iso';
import { Header } from './Header';
import { NotFound } from './NotFound';
import { routes } from './routes';
import { ToastRegion } from '../ui/toast';

export function App() {
  return (
    <LocationProvider>
      <a class="skip-link" href="#main">Skip to content</a>
      <Header />
      <main id="main" tabIndex={-1}>
        <ErrorBoundary>
          <Router onRouteChange={() => window.scrollTo(0, 0)}>
            {[...routes.map((r) => <Route key={r.path} path={r.path} component={r.component} />),
              <Route key="404" default component={NotFound} />]}
          </Router>
        </ErrorBoundary>
      </main>
      <ToastRegion />
    </LocationProvider>
  );
}
