import { useEffect, useState } from 'preact/hooks';
import { session, type User } from './session';

/** The logged-in user, re-rendering on log in and log out. */
export function useUser(): User | null {
  const [user, setUser] = useState(session.user());
  useEffect(() => session.subscribe(() => setUser(session.user())), []);
  return user;
}

/** Where the login page sends the buyer back to. */
export const loginPath = (next = location.pathname + location.search) => `/login?next=${encodeURIComponent(next)}`;
