// Who is logged in. The access token lives in memory and in sessionStorage (this tab only, gone when the tab
// closes), never in a cookie: the API takes it as a bearer header, so there is no cookie a cross-site request could
// carry, and no CSRF to defend against. The trade-off (a script injected into the page could read it) is why the app
// loads no third-party script but Stripe.js, and why the token is short-lived (bookit.auth.token-lifespan).
import type { Role } from '../api/types';

export interface User {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  /** token expiry, epoch ms */
  expiresAt: number;
}

const KEY = 'bookit.session';
type Listener = () => void;

let token: string | null = null;
let user: User | null = null;
const listeners = new Set<Listener>();

function decode(jwt: string): User | null {
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(decodeURIComponent(escape(atob(part))));
    return {
      id: json.sub, email: json.email ?? json.upn, name: json.name ?? json.email, roles: json.groups ?? [],
      expiresAt: (json.exp ?? 0) * 1000,
    };
  } catch {
    return null;
  }
}

function load() {
  const stored = sessionStorage.getItem(KEY);
  const decoded = stored ? decode(stored) : null;
  if (stored && decoded && decoded.expiresAt > Date.now()) {
    token = stored;
    user = decoded;
  } else if (stored) {
    sessionStorage.removeItem(KEY);
  }
}

function emit() {
  listeners.forEach((l) => l());
}

load();

export const session = {
  token: () => (user && user.expiresAt > Date.now() ? token : null),
  user: () => (user && user.expiresAt > Date.now() ? user : null),
  signIn(accessToken: string) {
    token = accessToken;
    user = decode(accessToken);
    sessionStorage.setItem(KEY, accessToken);
    emit();
  },
  signOut() {
    token = null;
    user = null;
    sessionStorage.removeItem(KEY);
    emit();
  },
  /** The server refused the token (expired, or signed by a restarted dev server). */
  expire() {
    if (token) this.signOut();
  },
  subscribe(listener: Listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
