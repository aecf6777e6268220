import type { Response } from 'restify';

/** Who may frame a page: nobody (the shop page) or any site (the embed snippet's chat frame). */
export type Framing = 'deny' | 'anyone';

/**
 * The Content-Security-Policy of the widget pages: scripts only from this origin (Web Chat
 * needs no `unsafe-eval`), inline styles (Web Chat injects them), `data:`/`blob:` images, and
 * `blob:` reads of the files a visitor picks to upload.
 * `connectOrigins` adds the Azure Direct Line origin when the widget talks to Azure.
 */
export function contentSecurityPolicy(framing: Framing, connectOrigins: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // blob: lets the widget read a file the visitor picked (Direct Line uploads it from its blob: URL).
    `connect-src ${["'self'", ...connectOrigins, 'blob:'].join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${framing === 'deny' ? "'none'" : '*'}`,
  ].join('; ');
}

/** Sets the security headers of an HTML page. */
export function setPageSecurityHeaders(res: Response, framing: Framing, connectOrigins: string[] = []): void {
  res.header('Content-Security-Policy', contentSecurityPolicy(framing, connectOrigins));
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'strict-origin-when-cross-origin');
  if (framing === 'deny') res.header('X-Frame-Options', 'DENY');
}
