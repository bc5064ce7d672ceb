import { useEffect, useState } from 'preact/hooks';
import { consoleApi } from '../api/organizer';
import type { Attendee, Page } from '../api/types';
import { Button } from '../ui/Button';
import { ErrorMessage } from '../ui/ErrorMessage';
import { useDebounced } from '../ui/hooks';
import { dateTime, money } from '../ui/format';
import { toast } from '../ui/toast';

const SIZE = 25;

/** Search (name, e-mail, order id, seat), pages of 25 and the CSV export of an event's attendees. */
export function AttendeesPanel({ eventId, timeZone, version }: { eventId: string; timeZone?: string; version: number }) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const [page, setPage] = useState(0);
  const [data, setData] = useState<Page<Attendee>>();
  const [error, setError] = useState<unknown>();
  const [downloading, setDownloading] = useState(false);
  useEffect(() => setPage(0), [q]);
  useEffect(() => {
    const abort = new AbortController();
    consoleApi.attendees(eventId, { q: q || undefined, page, size: SIZE }, abort.signal)
      .then((p) => { setData(p); setError(undefined); }, (e) => { if ((e as Error).name !== 'AbortError') setError(e); });
    return () => abort.abort();
  }, [eventId, q, page, version]);

  const download = async () => {
    setDownloading(true);
    try {
      const { blob, filename } = await consoleApi.attendeesCsv(eventId, q || undefined);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast(`Downloaded ${filename}`);
    } catch (e) {
      setError(e);
    } finally {
      setDownloading(false);
    }
  };

  const pages = data ? Math.max(1, Math.ceil(data.total / SIZE)) : 1;
  return (
    <section class="panel panel--full" aria-labelledby="attendees-title">
      <div class="panel__head">
        <h2 id="attendees-title">Attendees {data && <span class="muted small num">({data.total})</span>}</h2>
        <Button variant="secondary" loading={downloading} onClick={download} data-testid="attendee-csv">Download CSV</Button>
      </div>
      <div class="panel__body">
        <div class="toolbar">
          <label class="field">
            <span class="field__label">Search</span>
            <input class="input" type="search" placeholder="Name, e-mail, order id or seat" value={search} data-testid="attendee-search"
              onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
          </label>
        </div>
        {error !== undefined && <ErrorMessage error={error} />}
        {data && data.items.length === 0 ? (
          <p class="chart-empty">{q ? `Nobody matches “${q}”.` : 'No tickets sold yet.'}</p>
        ) : (
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Attendee table">
            <table class="table">
              <thead>
                <tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Seat</th><th scope="col">Price</th>
                  <th scope="col">Bought</th><th scope="col">Checked in</th></tr>
              </thead>
              <tbody>
                {(data?.items ?? []).map((a) => (
                  <tr key={a.ticketId} data-testid="attendee-row" data-ticket-id={a.ticketId} data-status={a.ticketStatus}>
                    <td class="wrap">{a.holderName}</td>
                    <td class="wrap">{a.holderEmail}</td>
                    <td>{a.seat}</td>
                    <td class="num">{money(a.price, a.currency)}</td>
                    <td>{dateTime(a.purchasedAt, timeZone, { weekday: undefined, year: undefined })}</td>
                    <td>{a.checkedInAt ? dateTime(a.checkedInAt, timeZone, { weekday: undefined, year: undefined, day: undefined, month: undefined }) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data && data.total > SIZE && (
          <div class="pager">
            <Button variant="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</Button>
            <span class="num">Page {page + 1} of {pages}</span>
            <Button variant="secondary" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>Next</Button>
          </div>
        )}
      </div>
    </section>
  );
}
