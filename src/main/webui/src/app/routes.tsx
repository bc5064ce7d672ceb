// Every page of the app, one folder each. The events page ships in the first load; the others load when first
// visited: the organizer and door pages (part 2) too, so buyers never download them.
import { lazy } from 'preact-iso';
import type { AnyComponent } from 'preact';
import { EventsPage } from '../events/EventsPage';

export interface PageRoute {
  path: string;
  component: AnyComponent<any>;
}

export const routes: PageRoute[] = [
  { path: '/', component: EventsPage },
  { path: '/events/:id', component: lazy(() => import('../event/EventPage').then((m) => m.EventPage)) },
  { path: '/queue/:id', component: lazy(() => import('../queue/QueuePage').then((m) => m.QueuePage)) },
  { path: '/me/tickets', component: lazy(() => import('../tickets/TicketsPage').then((m) => m.TicketsPage)) },
  { path: '/login', component: lazy(() => import('../auth/LoginPage').then((m) => m.LoginPage)) },
  // part 2: the organizers' console and the door scanner. One small loader module (part2.ts) holds their lazy
  // pages, so the first load carries one import for all of them instead of six: buyers' first load stays as it was.
  ...(['/organizer', '/organizer/venues/new', '/organizer/events/new', '/organizer/events/:id/edit', '/organizer/events/:id', '/door/:id']
    .map((path) => ({ path, component: lazy(() => import('./part2').then((m) => m.part2[path])) }))),
];
