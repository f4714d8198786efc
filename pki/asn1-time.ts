// X.509 Time (RFC 5280 4.1.2.5): UTCTime "YYMMDDHHMMSSZ" or GeneralizedTime "YYYYMMDDHHMMSSZ".
// Exactly these DER forms are accepted: seconds present, no fraction, always Zulu.
import { TAG, contentOf } from './der.ts';
import type { DerElement } from './der.ts';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(c: Uint8Array, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = c[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function decodeTime(el: DerElement): Date | null {
  const c = contentOf(el);
  let year: number;
  let p: number;
  if (el.tag === TAG.UTC_TIME && c.length === 13) {
    const yy = digits(c, 0, 2);
    if (yy < 0) return null;
    year = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 4.1.2.5.1
    p = 2;
  } else if (el.tag === TAG.GENERALIZED_TIME && c.length === 15) {
    year = digits(c, 0, 4);
    p = 4;
  } else {
    return null;
  }
  const month = digits(c, p, 2);
  const day = digits(c, p + 2, 2);
  const hour = digits(c, p + 4, 2);
  const minute = digits(c, p + 6, 2);
  const second = digits(c, p + 8, 2);
  if (year < 0 || c[p + 10] !== 0x5a) return null; // 'Z'
  if (month < 1 || month > 12 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const maxDay = month === 2 && !isLeap(year) ? 28 : DAYS_IN_MONTH[month - 1]!;
  if (day < 1 || day > maxDay) return null;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // avoids Date.UTC's two-digit-year mapping
  d.setUTCHours(hour, minute, second, 0);
  return d;
}
