// What a panel does when the server says data changed (`task:changed`, `snapshot:created` ...).
"use client";
import type { QueryClient, QueryKey } from "@tanstack/react-query";

/**
 * Refetches every query under these keys. A plain invalidate is not enough: TanStack Query reuses
 * a query's first fetch while it is in flight, and that answer may predate the change the event
 * announced, so the panel would keep it (a finished task shown as running). The in-flight fetch
 * is cancelled first, so the refetch starts after the change.
 */
export async function refetchAfterEvent(queryClient: QueryClient, ...queryKeys: QueryKey[]): Promise<void> {
  await Promise.all(
    queryKeys.map(async (queryKey) => {
      await queryClient.cancelQueries({ queryKey });
      await queryClient.invalidateQueries({ queryKey });
    }),
  );
}
