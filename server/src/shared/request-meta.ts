/** Who sent a request and how it is traced: the audit log, reveals and rate limits record these. */
export interface RequestMeta {
  requestId: string;
  address: string;
  userAgent: string | null;
}
