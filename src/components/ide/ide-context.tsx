// What every IDE panel may need: the workspace and the caller's role in it, the shared live
// connection, and the editor's "open this file" so the explorer, search and tasks can open files.
"use client";
import { createContext, useContext } from "react";
import type { AtriumSocket, ConnectionStatus } from "~/components/realtime/use-socket";
import type { Workspace, WorkspaceRole } from "~/components/workspaces/types";
import type { PresenceMember } from "~/server/realtime/events";

export interface OpenFileOptions {
  /** 1-based line to reveal and put the cursor on. */
  line?: number;
  column?: number;
}

export interface IdeContextValue {
  workspace: Workspace;
  workspaceId: string;
  /** null for an instance admin who is not a member. */
  role: WorkspaceRole | null;
  isAdmin: boolean;
  /** Editor or owner (or admin): may write files, run sessions and tasks, create snapshots. */
  canWrite: boolean;
  /** Owner or admin: members, path rules, restore. */
  canManage: boolean;
  currentUser: { id: string; name: string; email: string };
  socket: AtriumSocket | null;
  connection: ConnectionStatus;
  presence: PresenceMember[];
  openFile: (path: string, options?: OpenFileOptions) => void;
  /** The file in front in the editor, or null. */
  activePath: string | null;
}

export const IdeContext = createContext<IdeContextValue | null>(null);

export function useIde(): IdeContextValue {
  const value = useContext(IdeContext);
  if (!value) throw new Error("useIde() outside the workspace IDE");
  return value;
}
