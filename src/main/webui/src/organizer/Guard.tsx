import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Role } from '../api/types';
import { loginPath, useUser } from '../auth/useSession';
import { Empty } from '../ui/Empty';

/** Pages for a logged-in user (with `role`, if given): others go to the login page, which brings them back. */
export function Guard({ role, children }: { role?: Role; children: ComponentChildren }) {
  const user = useUser();
  const { route } = useLocation();
  useEffect(() => { if (!user) route(loginPath(), true); }, [user]);
  if (!user) return null;
  if (role && !user.roles.includes(role) && !user.roles.includes('ADMIN')) {
    return (
      <div class="page">
        <Empty icon="users" title="For organizers">
          <p>Log in with an organizer account to sell tickets and see your events.</p>
          <a class="btn btn--primary" href="/">See all events</a>
        </Empty>
      </div>
    );
  }
  return <>{children}</>;
}

export const statusWords: Record<string, { label: string; badge: string }> = {
  DRAFT: { label: 'Draft', badge: 'badge' },
  ON_SALE: { label: 'On sale', badge: 'badge badge--success' },
  CANCELLED: { label: 'Cancelled', badge: 'badge badge--danger' },
  ENDED: { label: 'Ended', badge: 'badge' },
};

export function StatusBadge({ status }: { status: string }) {
  const w = statusWords[status] ?? { label: status, badge: 'badge' };
  return <span class={w.badge} data-status={status}>{w.label}</span>;
}
