/**
 * What clients send to a strategy and what they expect back. Every strategy's entry component
 * must answer these; the clients record each request as invoke, and the answer as ok or fail
 * (or info when no answer came in time, since the outcome is then unknown).
 */
import type { JobSpec, JobState } from '../scenario/model.js';

export type ClientRequest =
  | { readonly type: 'submit'; readonly op: string; readonly job: JobSpec }
  | { readonly type: 'status'; readonly op: string; readonly job: string };

export type ClientReply =
  | { readonly type: 'submit-ok'; readonly op: string; readonly job: string }
  | { readonly type: 'submit-fail'; readonly op: string; readonly job: string; readonly reason: string }
  | { readonly type: 'status-ok'; readonly op: string; readonly job: string; readonly state: JobState }
  | { readonly type: 'status-fail'; readonly op: string; readonly job: string; readonly reason: string };

export function isClientRequest(body: unknown): body is ClientRequest {
  const type = (body as { type?: unknown } | null)?.type;
  return type === 'submit' || type === 'status';
}

export function isClientReply(body: unknown): body is ClientReply {
  const type = (body as { type?: unknown } | null)?.type;
  return type === 'submit-ok' || type === 'submit-fail' || type === 'status-ok' || type === 'status-fail';
}
