"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";

/**
 * The signed-out fallback of the app layout: sends the browser to the sign-in page with the
 * current address as `next`. Pages normally redirect on the server first (requireActor); this
 * covers a page that does not, without ever drawing it.
 */
export function SignInRedirect() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  useEffect(() => {
    const next = search ? `${pathname}?${search}` : pathname;
    router.replace(`/sign-in?next=${encodeURIComponent(next)}`);
  }, [router, pathname, search]);
  return (
    <p className="visually-hidden" role="status">
      Redirecting to the sign-in page…
    </p>
  );
}
