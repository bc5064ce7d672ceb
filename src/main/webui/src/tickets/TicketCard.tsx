import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { EventView, OrderTicket } from '../api/types';
import { Skeleton } from '../ui/Empty';

const statusLabel: Record<string, { text: string; cls: string }> = {
  VALID: { text: 'Valid', cls: 'badge--success' },
  CHECKED_IN: { text: 'Checked in', cls: 'badge' },
  VOID: { text: 'Void', cls: 'badge--danger' },
};

/** One ticket with its QR code, big enough to scan from the screen; the image loads when it scrolls into view. */
export function TicketCard({ ticket, place, event }: { ticket: OrderTicket; place: string; event?: EventView }) {
  const box = useRef<HTMLDivElement>(null);
  const [src, setSrc] = useState<string>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let url: string | undefined;
    let live = true;
    const fetchQr = () => api.tickets.qrUrl(ticket.id).then((u) => { url = u; if (live) setSrc(u); else URL.revokeObjectURL(u); }, () => live && setFailed(true));
    const el = box.current;
    if (!el || !('IntersectionObserver' in window)) {
      fetchQr();
    } else {
      const io = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          io.disconnect();
          fetchQr();
        }
      }, { rootMargin: '400px' });
      io.observe(el);
      return () => { live = false; io.disconnect(); if (url) URL.revokeObjectURL(url); };
    }
    return () => { live = false; if (url) URL.revokeObjectURL(url); };
  }, [ticket.id]);
  const status = statusLabel[ticket.status] ?? { text: ticket.status, cls: 'badge' };
  return (
    <article class="ticket card" data-testid="ticket" data-ticket-id={ticket.id} data-status={ticket.status}>
      <div class="ticket__qr" ref={box}>
        {src ? <img data-testid="ticket-qr" src={src} alt={`QR code of the ticket for ${place}${event ? `, ${event.name}` : ''}`} width={280} height={280} />
          : failed ? <p class="muted small">The code could not load: reload the page to try again.</p>
          : <Skeleton width="100%" height="100%" />}
      </div>
      <div class="ticket__info">
        <p class="ticket__place">{place}</p>
        <span class={`badge ${status.cls}`}>{status.text}</span>
      </div>
      <p class="ticket__id muted small">Ticket {ticket.id.slice(0, 8).toUpperCase()} · show this code at the door</p>
    </article>
  );
}
