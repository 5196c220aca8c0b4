export const ERROR_STATUS = {
  invalid_input: 422,
  bad_request: 400,
  unauthenticated: 401,
  sign_in_expired: 401,
  forbidden: 403,
  not_found: 404,
  already_member: 409,
  already_invited: 409,
  invalid_transition: 409,
  last_super: 409,
  cannot_target_self: 409,
  conflict: 409,
  verification_failed: 409,
  email_taken: 409,
  username_taken: 409,
  owner_only: 403,
  mfa_required: 403,
  sso_required: 403,
  sso_failed: 401,
  sso_not_linked: 403,
  reverification_required: 403,
  name_taken: 409,
  guest_restricted: 409,
  duplicate_smartcard: 409,
  invitation_expired: 410,
  invitation_revoked: 410,
  link_expired: 410,
  events_pruned: 410,
  precondition_failed: 412,
  invalid_filter: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  field: string;
  message: string;
}

/** The one error type the domain throws: its message is safe to show to the caller. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  /** Seconds a client should wait before retrying (429, 503). */
  readonly retryAfter?: number;

  /** The permission a "forbidden" refusal was about (the console words it; the API shows the message). */
  action?: string;

  /** The limit that refused the request (429): its RateLimit header fields. */
  readonly rateLimit?: { limit: number; remaining: number; reset: number };

  constructor(
    code: ErrorCode,
    message: string,
    details: ErrorDetail[] = [],
    retryAfter?: number,
    rateLimit?: { limit: number; remaining: number; reset: number },
  ) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
    this.rateLimit = rateLimit;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
