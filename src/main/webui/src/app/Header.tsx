import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { session } from '../auth/session';
import { loginPath, useUser } from '../auth/useSession';
import { Icon } from '../ui/Icon';

function Logo() {
  return (
    <svg class="brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <path d="M9 8h9a5 5 0 0 1 2.6 9.3A5.2 5.2 0 0 1 19 27H9z" fill="#fff" />
      <circle cx="14" cy="13" r="2" fill="currentColor" />
      <circle cx="14" cy="21" r="2" fill="currentColor" />
    </svg>
  );
}

export function Header() {
  const user = useUser();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !menu.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => { document.removeEventListener('pointerdown', close); document.removeEventListener('keydown', close); };
  }, [open]);
  const current = (p: string) => (path === p ? 'page' : undefined);
  return (
    <header class="app-header">
      <div class="app-header__inner">
        <a class="brand" href="/" aria-label="Bookit, all events"><Logo /><span>Bookit</span></a>
        <nav class="nav" aria-label="Main">
          <a class="nav__link nav__link--wide" href="/" aria-current={current("/")}>Events</a>
          {user && <a class="nav__link" href="/me/tickets" aria-current={current('/me/tickets')}>My tickets</a>}
          {user?.roles.includes('ORGANIZER') && (
            <a class="nav__link" href="/organizer" aria-current={path.startsWith('/organizer') ? 'page' : undefined} data-testid="nav-console">Console</a>
          )}
          {user ? (
            <div class="user-menu" ref={menu} data-testid="user-menu" data-email={user.email}>
              <button type="button" class="btn btn--ghost btn--icon" aria-expanded={open} aria-haspopup="true"
                aria-label={`Account of ${user.name}`} onClick={() => setOpen(!open)}>
                <span class="user-menu__avatar" aria-hidden="true">{(user.name || user.email).slice(0, 1).toUpperCase()}</span>
              </button>
              {open && (
                <div class="user-menu__panel">
                  <p class="user-menu__who"><strong>{user.name}</strong><br />{user.email}</p>
                  <a class="btn btn--ghost btn--block" href="/me/tickets"><Icon name="ticket" />My tickets</a>
                  <button type="button" class="btn btn--ghost btn--block" onClick={() => { session.signOut(); setOpen(false); }}>
                    Log out
                  </button>
                </div>
              )}
            </div>
          ) : (
            path !== '/login' && <a class="btn btn--secondary" href={loginPath()}>Log in</a>
          )}
        </nav>
      </div>
    </header>
  );
}
