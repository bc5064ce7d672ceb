// Every page of the app, one folder each. The events page ships in the first load; the others load when first
// visited. Part 2 (organizer and door pages) adds its entries here, each lazily, so buyers never download them.
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
];
