// Types of the public API (shared docs API.md, docs/API-OVERVIEW.md; the generated OpenAPI document at /q/openapi).
// Only what the web app reads; every field the server may omit is optional.

export type Id = string;
/** ISO-8601 instant, e.g. 2027-03-01T19:30:00Z */
export type Instant = string;
/** Money as a decimal string, e.g. "49.00", with the currency beside it. */
export type Money = string;

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

export interface Problem {
  type: string;
  title?: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

export type Role = 'ATTENDEE' | 'ORGANIZER' | 'STAFF' | 'ADMIN';

export interface TokenView {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface UserView {
  id: Id;
  email: string;
  displayName: string;
  roles: Role[];
}

export interface RegisterRequest {
  email: string;
  password: string;
  displayName: string;
  role: 'ATTENDEE' | 'ORGANIZER';
}

export type EventStatus = 'DRAFT' | 'ON_SALE' | 'CANCELLED' | 'ENDED' | string;

export interface WaitingRoomSettings {
  enabled: boolean;
  admissionsPerMinute?: number;
  maxActiveShoppers?: number;
  sessionMinutes?: number;
  opensAt?: Instant | null;
}

export interface EventView {
  id: Id;
  venueId: Id;
  name: string;
  description?: string | null;
  startsAt: Instant;
  endsAt: Instant;
  salesStartAt?: Instant | null;
  salesEndAt?: Instant | null;
  currency: string;
  prices: { section: string; price: Money }[];
  maxSeatsPerOrder: number;
  maxSeatsPerUser?: number | null;
  status: EventStatus;
  imageUrl?: string | null;
  waitingRoom?: WaitingRoomSettings | null;
}

export type SectionKind = 'SEATED' | 'GENERAL_ADMISSION';

export interface VenueSection {
  key: string;
  name: string;
  kind: SectionKind;
  rows?: { label: string; seats: number }[] | null;
  capacity?: number | null;
}

export interface VenueView {
  id: Id;
  name: string;
  address?: string | null;
  timezone: string;
  sections: VenueSection[];
}

export type SeatStatus = 'AVAILABLE' | 'HELD' | 'SOLD';

export interface SeatView {
  id: string;
  section: string;
  row: string;
  number: number;
  price: Money;
  status: SeatStatus;
}

export interface AreaView {
  section: string;
  capacity: number;
  available: number;
  price: Money;
}

export interface SeatMap {
  eventId: Id;
  version: number;
  seats: SeatView[];
  areas: AreaView[];
  /** Optional: added by a parallel change; false once sales have ended. */
  onSale?: boolean;
  salesEndAt?: Instant | null;
}

export type HoldRequest =
  | { seats: string[] }
  | { section: string; quantity: number }
  | { bestAvailable: { quantity: number; section?: string } };

export type HoldStatus = 'HELD' | 'CLAIMED' | 'SOLD' | 'RELEASED' | 'EXPIRED';

export interface HoldView {
  id: Id;
  eventId: Id;
  seats: string[];
  section?: string | null;
  quantity: number;
  expiresAt: Instant;
  total: Money;
  currency: string;
  status?: HoldStatus;
}

export type OrderStatus = 'PENDING_PAYMENT' | 'CONFIRMED' | 'EXPIRED' | 'CANCELLED' | 'REFUNDED';

export interface OrderTicket {
  id: Id;
  eventId?: Id;
  orderId?: Id;
  seat: string;
  section?: string | null;
  status: TicketStatus;
}

export interface OrderView {
  id: Id;
  eventId: Id;
  status: OrderStatus;
  total: Money;
  currency: string;
  seats: string[];
  section?: string | null;
  quantity: number;
  payment?: { provider: 'simulated' | 'stripe' | string; clientSecret?: string | null } | null;
  tickets: OrderTicket[];
  statusReason?: string | null;
  createdAt?: Instant;
  confirmedAt?: Instant | null;
  refundedAmount?: Money | null;
}

export type TicketStatus = 'VALID' | 'CHECKED_IN' | 'VOID' | string;

export interface TicketView {
  id: Id;
  eventId: Id;
  seat: string;
  section?: string | null;
  status: TicketStatus;
  code: string;
}

export type QueueStatus = 'WAITING' | 'ADMITTED' | 'SOLD_OUT' | 'EXPIRED';

export interface QueueEntry {
  queueId: Id;
  eventId?: Id;
  status: QueueStatus;
  position?: number | null;
  estimatedWaitSeconds?: number | null;
  admissionToken?: string | null;
  admittedUntil?: Instant | null;
  reason?: string | null;
}

export interface PaymentClientConfig {
  provider: 'simulated' | 'stripe' | string;
  publishableKey?: string | null;
}

/** GET /api/events/{id}/layout: seats in layout order, the order of the compact statuses; immutable once published. */
export interface SeatLayout {
  eventId: Id;
  seats: Omit<SeatView, 'status'>[];
  areas: Omit<AreaView, 'available'>[];
}

/** GET /api/events/{id}/seats?view=compact: `statuses` is base64 of 2 bits a seat in layout order (00 AVAILABLE, 01 HELD, 10 SOLD). */
export interface CompactSeatMap {
  eventId: Id;
  version: number;
  encoding: 'status2';
  statuses: string;
  areas: { section: string; available: number }[];
}

/** Frames of the live seat map (docs/LIVE_SEAT_MAP.md); the socket is opened with ?view=compact. */
export type LiveFrame =
  | ({ type: 'snapshot'; version: number; statuses: string; areas: AreaView[] } & Partial<Pick<SeatMap, 'onSale' | 'salesEndAt'>>)
  | {
      type: 'delta';
      fromVersion?: number;
      version: number;
      changes: { id: string; status: SeatStatus }[];
      areas: { section: string; available: number }[];
    }
  | { type: 'error'; code: string; message: string };

// --- organizers' console and door (part 2)

export interface VenueSpec {
  name: string;
  address: string;
  timezone: string;
  sections: VenueSection[];
}

export interface OwnVenue extends VenueView {
  seatCount: number;
  capacity: number;
}

export interface EventSpec {
  venueId?: Id;
  name?: string;
  description?: string;
  startsAt?: Instant;
  endsAt?: Instant;
  currency?: string;
  prices?: { section: string; price: Money }[];
  salesStartAt?: Instant;
  salesEndAt?: Instant;
  maxSeatsPerOrder?: number;
  /** 0: no cap */
  maxSeatsPerUser?: number;
  waitingRoom?: WaitingRoomSettings;
}

export interface Stats {
  capacity: number;
  sold: number;
  held: number;
  available: number;
  revenue: Money;
  currency: string;
  checkedIn: number;
  refunded?: { tickets: number; amount: Money };
  salesByDay: { date: string; tickets: number; revenue: Money }[];
  byPriceTier: { section: string; price: Money; sold: number; revenue: Money }[];
}

export interface Timeline {
  eventId: Id;
  bucketMinutes: number;
  currency: string;
  points: { at: Instant; tickets: number; revenue: Money }[];
}

export interface Attendee {
  ticketId: Id;
  seat: string;
  section: string;
  holderName: string;
  holderEmail: string;
  orderId: Id;
  orderStatus: OrderStatus;
  ticketStatus: TicketStatus;
  price: Money;
  currency: string;
  purchasedAt: Instant;
  checkedInAt?: Instant | null;
}

export interface Staff {
  eventId: Id;
  userId: Id;
  email: string;
  displayName: string;
}

export interface CheckinBundle {
  eventId: Id;
  keys: { keyId: number; algorithm: 'Ed25519'; publicKey: string }[];
  voidTicketIds: Id[];
  /** Tickets whose code was rotated by a transfer; a code of a lower generation is superseded (absent: generation 0). */
  codeGenerations?: { ticketId: Id; generation: number }[];
  generatedAt: Instant;
}

export interface CheckinView {
  ticketId: Id;
  seat: string;
  holderName: string;
  checkedInAt: Instant;
}

export type WaitlistStatus = 'WAITING' | 'OFFERED' | 'DONE' | 'EXPIRED' | 'LEFT';

/** An entry on a sold-out event's waiting list; an offer is a hold in the buyer's name (`holdId`). */
export interface WaitlistEntry {
  id: Id;
  eventId: Id;
  position?: number | null;
  quantity: number;
  section?: string | null;
  together: boolean;
  status: WaitlistStatus;
  holdId?: Id | null;
  offerExpiresAt?: Instant | null;
}
