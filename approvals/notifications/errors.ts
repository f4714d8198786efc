export type NotificationErrorCode = 'preference-refused' | 'webhook-invalid' | 'notification-not-found';

export class NotificationError extends Error {
  constructor(
    readonly code: NotificationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'NotificationError';
  }
}
