// The organizer and door pages (routes.tsx loads this module lazily, then each page in a chunk of its own).
import { lazy } from 'preact-iso';
import type { AnyComponent } from 'preact';

export const part2: Record<string, AnyComponent<any>> = {
  '/organizer': lazy(() => import('../organizer/OrganizerHome').then((m) => m.OrganizerHome)),
  '/organizer/venues/new': lazy(() => import('../organizer/VenueBuilder').then((m) => m.VenueBuilder)),
  '/organizer/events/new': lazy(() => import('../organizer/EventEditor').then((m) => m.EventEditor)),
  '/organizer/events/:id/edit': lazy(() => import('../organizer/EventEditor').then((m) => m.EventEditor)),
  '/organizer/events/:id': lazy(() => import('../organizer/Dashboard').then((m) => m.Dashboard)),
  '/door/:id': lazy(() => import('../door/DoorPage').then((m) => m.DoorPage)),
};
