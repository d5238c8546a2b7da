// Why a path in the tree is locked, in words: the listing's reason codes → a sentence for people.
import type { RouterOutputs } from "~/trpc/react";

type LockReason = NonNullable<RouterOutputs["files"]["list"]["entries"][number]["locked"]>["reason"];

const LOCK_REASON: Partial<Record<LockReason, string>> = {
  critical_file: "Protected file: Atrium never serves it through the API, to anyone.",
  blocked_path: "Blocked by one of this workspace's path rules. An owner can change the rules under Members and rules.",
  permission_denied: "Your role does not allow reading it.",
  outside_workspace: "It points outside the workspace.",
  invalid_path: "Its name is not a valid workspace path.",
};

export const lockText = (reason: string) => LOCK_REASON[reason as LockReason] ?? "Atrium refuses to read it.";
