// Per-person delivery preferences: each kind is delivered immediately, gathered into a daily
// digest, or not at all. Security kinds are always immediate: a stored preference for them is
// refused, and an old one would be ignored.
import { z } from 'zod';
import { DEFAULT_NOTIFICATION_TABLE, NOTIFICATION_KINDS } from './kinds.ts';
import type { NotificationKind, NotificationTable } from './kinds.ts';
import { NotificationError } from './errors.ts';

export const DELIVERIES = ['immediately', 'daily_digest', 'off'] as const;
export type Delivery = (typeof DELIVERIES)[number];

export const preferencesSchema = z.partialRecord(z.enum(NOTIFICATION_KINDS), z.enum(DELIVERIES));
export type Preferences = z.infer<typeof preferencesSchema>;

/** Refuses a preference that would silence or delay a security kind. */
export function checkPreferences(prefs: Preferences, table: NotificationTable = DEFAULT_NOTIFICATION_TABLE): void {
  for (const [kind, delivery] of Object.entries(prefs) as [NotificationKind, Delivery][]) {
    if (table[kind].security && delivery !== 'immediately') {
      throw new NotificationError('preference-refused', `${kind} is a security notice: it is always delivered immediately`);
    }
  }
}

export function deliveryOf(prefs: Preferences, kind: NotificationKind, table: NotificationTable = DEFAULT_NOTIFICATION_TABLE): Delivery {
  if (table[kind].security) return 'immediately';
  return prefs[kind] ?? 'immediately';
}
