// The browser-facing security headers every response carries (server.ts sets them before Next
// or socket.io answer): a Content-Security-Policy that forbids framing by other sites and loading
// code from anywhere but Atrium itself, and the classic headers older browsers understand.

export interface SecurityHeaderOptions {
  /** `next dev` needs eval for React Refresh; production builds do not. */
  dev: boolean;
}

/**
 * The policy, directive by directive, and why each source is there:
 * - scripts: Atrium's own files; Next inlines its bootstrap and flight data as inline scripts
 *   (without nonces, which would force every page to render dynamically), hence 'unsafe-inline'.
 *   Monaco's AMD loader adds `<script src="/monaco/vs/…">` tags, covered by 'self'.
 * - styles: Monaco, xterm and React set element styles and insert `<style>` tags at runtime.
 * - workers: Monaco's language workers start from /monaco/vs or from a blob: wrapper.
 * - connect: tRPC fetches and the socket.io WebSocket go to the same origin ('self' covers ws/wss).
 * - frame-ancestors 'self': no other site may frame Atrium (clickjacking of the IDE and terminal).
 */
export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", ...(options.dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "worker-src": ["'self'", "blob:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(options),
    // For browsers without frame-ancestors; same meaning.
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-content-type-options": "nosniff",
  };
}
