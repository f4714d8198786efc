// Who performs an action: recorded in every log entry the action appends.
export interface Actor {
  readonly id: string;
  readonly role: string;
}
