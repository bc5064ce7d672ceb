import { useState } from 'preact/hooks';
import { consoleApi } from '../api/organizer';
import { Button } from '../ui/Button';
import { ErrorMessage } from '../ui/ErrorMessage';
import { useAsync } from '../ui/hooks';
import { toast } from '../ui/toast';

/** Who may scan tickets at the door: grant by e-mail (a registered account), revoke, and the scanner's link. */
export function StaffPanel({ eventId }: { eventId: string }) {
  const staff = useAsync(() => consoleApi.staff.list(eventId), [eventId]);
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const doorUrl = `${location.origin}/door/${eventId}`;

  const act = async (key: string, action: () => Promise<unknown>, done: string) => {
    setBusy(key);
    setError(undefined);
    try {
      await action();
      toast(done);
      staff.reload();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(undefined);
    }
  };
  const add = async (e: Event) => {
    e.preventDefault();
    const address = email.trim();
    if (address && await act('add', () => consoleApi.staff.grant(eventId, address), `${address} can now scan tickets`)) setEmail('');
  };

  return (
    <section class="panel" aria-labelledby="staff-title">
      <div class="panel__head"><h2 id="staff-title">Door staff</h2></div>
      <div class="panel__body stack">
        <p class="door-link">Scanner: <a href={`/door/${eventId}`} data-testid="door-link">{doorUrl}</a></p>
        <form class="staff-form" onSubmit={add}>
          <label class="field">
            <span class="field__label">E-mail of a Bookit account</span>
            <input class="input" type="email" required autocomplete="off" value={email} data-testid="staff-email"
              onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
          </label>
          <Button type="submit" loading={busy === 'add'} data-testid="staff-add">Add to staff</Button>
        </form>
        {error !== undefined && <ErrorMessage error={error} />}
        {staff.data && (staff.data.items.length === 0 ? <p class="muted small">Only you can scan tickets so far.</p> : (
          <ul class="list" aria-label="Staff">
            {staff.data.items.map((s) => (
              <li class="list__item" key={s.userId} data-testid="staff-member" data-user-id={s.userId} data-email={s.email}>
                <div class="list__main">
                  <div class="list__title">{s.displayName}</div>
                  <div class="list__meta">{s.email}</div>
                </div>
                <Button variant="danger" loading={busy === s.userId} data-testid="staff-revoke" aria-label={`Remove ${s.email} from the staff`}
                  onClick={() => act(s.userId, () => consoleApi.staff.revoke(eventId, s.userId), `${s.email} can no longer scan`)}>Remove</Button>
              </li>
            ))}
          </ul>
        ))}
      </div>
    </section>
  );
}
