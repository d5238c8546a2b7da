// Co-editing for the editor area: one CollabSession per IDE connection, bound to the editor, a
// shared document for each open text file, follow mode, and what the views need to show (role
// label, save state, notices, conflict choices). Files that cannot be shared (the server refused
// them) fall back to load-and-save.
"use client";
import type * as Monaco from "monaco-editor";
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import type { AtriumSocket } from "~/components/realtime/use-socket";
import type { PresenceMember } from "~/server/realtime/events";
import { CollabSession, type CollabDocState } from "./collab/collab-session";
import { setFollow, useFollow } from "./collab/follow-store";
import { colorOf } from "./collab/colors";
import type { DocumentStore } from "./document-store";
import type { MonacoState } from "./use-monaco";

const noSubscribe = () => () => undefined;
const zero = () => 0;

export function useCollab(options: {
  socket: AtriumSocket | null;
  workspaceId: string;
  user: { id: string; name: string };
  editor: Monaco.editor.IStandaloneCodeEditor | null;
  monacoState: MonacoState;
  store: DocumentStore;
  openPaths: readonly string[];
  activePath: string | null;
  presence: readonly PresenceMember[];
  openFile: (path: string) => void;
  /** A shared file was closed by the server (access lost, file gone): close its tab and say why. */
  onClosed: (path: string, message: string) => void;
}) {
  const { socket, workspaceId, user, editor, monacoState, store, openPaths, activePath, presence, openFile, onClosed } = options;
  const session = useMemo(
    () => (socket ? new CollabSession(socket, workspaceId, { userId: user.id, name: user.name, color: colorOf(user.id) }) : null),
    [socket, workspaceId, user.id, user.name],
  );
  useEffect(() => {
    if (!session) return;
    session.start();
    return () => session.stop();
  }, [session]);

  useEffect(() => {
    if (!session || !editor || monacoState.status !== "ready") return;
    session.attach(monacoState.monaco, editor);
    return () => session.detach();
  }, [session, editor, monacoState]);

  useSyncExternalStore(session?.subscribe ?? noSubscribe, session?.getVersion ?? zero, zero);

  /** Called by the editor when it creates a model for a freshly loaded text file. */
  const onModel = useCallback(
    (path: string, model: Monaco.editor.ITextModel, text: string) => {
      if (!session) return;
      store.setShared(path, true);
      session.open(path, model, text);
    },
    [session, store],
  );

  // Tabs closed or renamed: their documents close; a renamed file's new model is shared again.
  // Documents the server refused go back to load-and-save; closed ones close their tab.
  const closedSeen = useRef(new Set<string>());
  useEffect(() => {
    if (!session) return;
    for (const path of session.paths()) {
      const state = session.state(path);
      if (!openPaths.includes(path) || (store.model(path) !== session.model(path) && state?.status !== "closed")) session.close(path);
      else if (state?.status === "unavailable" && store.isShared(path)) store.setShared(path, false);
      else if (state?.status === "closed" && !closedSeen.current.has(path)) {
        closedSeen.current.add(path);
        onClosed(path, state.error?.message ?? `${path} was closed.`);
      }
    }
    for (const path of openPaths) {
      const model = store.model(path);
      if (model && !session.paths().includes(path)) onModel(path, model, model.getValue());
    }
    for (const path of closedSeen.current) if (!openPaths.includes(path)) closedSeen.current.delete(path);
  });

  // ---- Follow mode ----
  const follow = useFollow();
  const followed = follow ? presence.find((m) => m.userId === follow.userId && m.activePath) : undefined;
  useEffect(() => {
    if (followed?.activePath && followed.activePath !== activePath) openFile(followed.activePath);
  }, [followed?.activePath, activePath, openFile]);

  useEffect(() => {
    if (!follow || !session || !editor) return;
    const reveal = (path: string) => {
      if (path !== activePath) return;
      const cursor = session.cursors(path).find((c) => c.user.userId === follow.userId);
      const model = editor.getModel();
      if (!cursor || !model) return;
      editor.revealPositionInCenterIfOutsideViewport(model.getPositionAt(cursor.head));
    };
    if (activePath) reveal(activePath);
    const offCursors = session.onCursors(reveal);
    // Typing or clicking in the text takes the view back.
    const offEdit = session.onLocalEdit(() => setFollow(null));
    const click = editor.onMouseDown(() => setFollow(null));
    return () => {
      offCursors();
      offEdit();
      click.dispose();
    };
  }, [follow, session, editor, activePath]);

  const state: CollabDocState | null = session && activePath ? session.state(activePath) : null;
  const shared = Boolean(session && activePath && session.isShared(activePath));
  return { session, state, shared, onModel, follow };
}
