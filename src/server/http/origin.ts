// Cross-site request refusal for everything a session cookie authenticates: a page on another
// site can make the browser send Atrium's cookie (a form post, a fetch, a WebSocket) but cannot
// forge the Origin header, so a cookie-authenticated change must come from Atrium's own origin.
// Bearer keys carry no ambient authority and are not checked. next-auth's own POSTs carry its
// CSRF token.
import { env } from "~/env";
import * as audit from "~/server/audit/audit";
import { resolveIdentity } from "~/server/auth/identity";
import type { RequestContext } from "~/server/auth/types";
import { AppError } from "~/server/errors";

export type HeaderLookup = (name: string) => string | null | undefined;

export interface OriginPolicy {
  /** ATRIUM_PUBLIC_URL (or its default), the origin people open. */
  publicUrl: string;
  /** ATRIUM_TRUST_PROXY: only then does X-Forwarded-Host name the host the browser used. */
  trustProxy: boolean;
}

export function originPolicy(): OriginPolicy {
  const e = env();
  return { publicUrl: e.publicUrl, trustProxy: e.ATRIUM_TRUST_PROXY };
}

function first(value: string | null | undefined): string | null {
  const v = value?.split(",")[0]?.trim().toLowerCase();
  return v ? v : null;
}

/**
 * Why this request is cross-site, or null when it is not. Same-site means: Origin is the public
 * URL's origin, or names the host the request was sent to (Host; X-Forwarded-Host behind a trusted
 * proxy). No Origin at all is a client that is not a browser (curl, scripts) unless the browser's
 * Sec-Fetch-Site says the request came from elsewhere.
 */
export function crossSiteReason(header: HeaderLookup, policy: OriginPolicy): string | null {
  const origin = header("origin");
  if (!origin) {
    const site = header("sec-fetch-site");
    return site && site !== "same-origin" && site !== "none" ? `Sec-Fetch-Site: ${site}` : null;
  }
  if (origin === "null") return "Origin: null";
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `Origin: ${origin}`;
  }
  let publicOrigin: string | null = null;
  try {
    publicOrigin = new URL(policy.publicUrl).origin;
  } catch {
    publicOrigin = null;
  }
  if (url.origin === publicOrigin) return null;
  const hosts = [first(header("host")), policy.trustProxy ? first(header("x-forwarded-host")) : null].filter((h): h is string => h !== null);
  if (hosts.includes(url.host.toLowerCase())) return null;
  return `Origin: ${url.origin}`;
}

/** Whether this request is authenticated by a session cookie rather than a key. */
export function usesCookie(header: HeaderLookup): boolean {
  return !header("authorization")?.trim() && !!header("cookie");
}

/**
 * Audits and returns the refusal of a cookie-authenticated request from another site, or null
 * when the request may go on. `action` names what was attempted (e.g. `files.upload`).
 */
export async function refuseCrossSite(
  header: HeaderLookup,
  base: Pick<RequestContext, "ip" | "channel">,
  action: string,
  policy: OriginPolicy = originPolicy(),
): Promise<AppError | null> {
  if (!usesCookie(header)) return null;
  const why = crossSiteReason(header, policy);
  if (!why) return null;
  // Who the cookie belongs to, for the audit trail; an unreadable cookie is simply anonymous.
  const actor = await resolveIdentity({ cookie: header("cookie") ?? null }).catch(() => null);
  await audit.denied({ ...base, actor }, { action, reason: "cross_origin", target: why.slice(0, 300), permission: "origin" });
  return new AppError("FORBIDDEN", {
    message: "This request came from another site, so Atrium refused it. Use Atrium from its own address, or call the API with an API key.",
    reason: "cross_origin",
  });
}

/** A fetch Request's headers as a lookup. */
export function headersOf(req: Request): HeaderLookup {
  return (name) => req.headers.get(name);
}
