// Time as data. The core never reads the clock: callers pass the time of each command, and an
// event carries it as `time`. Instants are UTC ISO 8601 strings (the log's `time` format);
// calendar dates (appointment, vetting, clearance) are YYYY-MM-DD and are read in UTC: a date
// starts at 00:00Z, and a deadline date holds until the end of that day.
import { z } from 'zod';
import { ApprovalError } from './errors.ts';

const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?Z$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

// The patterns are what JSON Schema can say; the refinements add what it cannot (the day exists
// in its month). The pattern aborts, so a malformed value gets one message, not two.
const INSTANT_MESSAGE = 'not a UTC ISO 8601 instant (YYYY-MM-DDTHH:MM:SS[.fff]Z)';
const DATE_MESSAGE = 'not a YYYY-MM-DD date';

const checkedString = (pattern: RegExp, message: string, valid: (s: string) => boolean, meta: { format: string; description: string }) =>
  z.string().regex(pattern, { message, abort: true }).refine(valid, message).meta(meta);

export const isoInstantSchema = checkedString(INSTANT, INSTANT_MESSAGE, validInstant, { format: 'date-time', description: 'UTC instant, ISO 8601, ending in Z' }).brand<'IsoInstant'>();
export const calendarDateSchema = checkedString(DATE, DATE_MESSAGE, validDate, { format: 'date', description: 'calendar date, YYYY-MM-DD, read in UTC' }).brand<'CalendarDate'>();

export type IsoInstant = z.output<typeof isoInstantSchema>;
export type CalendarDate = z.output<typeof calendarDateSchema>;

export function isIsoInstant(s: string): s is IsoInstant {
  return validInstant(s);
}

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function validInstant(s: string): boolean {
  const m = INSTANT.exec(s);
  return m !== null && m[1] !== undefined && validDate(m[1]) && Number.isFinite(Date.parse(s));
}

/** The instant of a command's time; throws `command-invalid` for an invalid Date. */
export function toInstant(at: Date): IsoInstant {
  if (!Number.isFinite(at.getTime())) throw new ApprovalError('command-invalid', 'the time given is not a valid date');
  return at.toISOString() as IsoInstant;
}

export function instantMs(instant: IsoInstant): number {
  return Date.parse(instant);
}

export function dayStartMs(date: CalendarDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The first instant after the date: a deadline date holds while `t < dayEndMs(date)`. */
export function dayEndMs(date: CalendarDate): number {
  return dayStartMs(date) + DAY_MS;
}

export function calendarDateOf(ms: number): CalendarDate {
  return new Date(ms).toISOString().slice(0, 10) as CalendarDate;
}

/** Calendar months later; a day the target month lacks becomes its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as CalendarDate;
}

export function addDaysMs(ms: number, days: number): number {
  return ms + days * DAY_MS;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
