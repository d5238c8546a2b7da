// One terminal on screen. One effect owns the xterm instance (created in the browser only: xterm
// touches `window`), fitting it to its box and copy/paste; another owns the socket: attach (the
// ack's scrollback replaces the screen), live output, input, resize, and re-attach after every
// reconnect. `data-status`, `data-cols` and `data-rows` on the element say where it is, for tests.
"use client";
import "@xterm/xterm/css/xterm.css";
import type { FitAddon } from "@xterm/addon-fit";
import type { ITheme, Terminal } from "@xterm/xterm";
import { useEffect, useRef, useState } from "react";
import { type AtriumSocket, RealtimeError, request } from "~/components/realtime/use-socket";
import { copyText } from "~/components/ui/copy-button";
import type { TerminalAttached, TerminalExited } from "~/server/realtime/events";
import { base64ToBytes, chunkInput, toBytes } from "./format";

/** Where a terminal view is; exposed as `data-status`. */
export type TerminalStatus = "loading" | "attaching" | "live" | "watching" | "reconnecting" | "exited" | "gone" | "failed";

const LIGHT: ITheme = {
  background: "#ffffff",
  foreground: "#17181c",
  cursor: "#5b5bd6",
  cursorAccent: "#ffffff",
  selectionBackground: "#c9c9f5",
  black: "#17181c",
  red: "#c4262e",
  green: "#17703f",
  yellow: "#8a5300",
  blue: "#3b5bdb",
  magenta: "#9c36b5",
  cyan: "#0b7285",
  white: "#8a8c93",
  brightBlack: "#5e6068",
  brightRed: "#e03131",
  brightGreen: "#2b8a3e",
  brightYellow: "#a86400",
  brightBlue: "#4c6ef5",
  brightMagenta: "#ae3ec9",
  brightCyan: "#1098ad",
  brightWhite: "#17181c",
};

const DARK: ITheme = {
  background: "#16171a",
  foreground: "#ededf0",
  cursor: "#a9aaf7",
  cursorAccent: "#16171a",
  selectionBackground: "#3d3d7a",
  black: "#27282d",
  red: "#ff6b6b",
  green: "#69db7c",
  yellow: "#ffd43b",
  blue: "#74c0fc",
  magenta: "#e599f7",
  cyan: "#66d9e8",
  white: "#ededf0",
  brightBlack: "#73747c",
  brightRed: "#ff8787",
  brightGreen: "#8ce99a",
  brightYellow: "#ffe066",
  brightBlue: "#a5d8ff",
  brightMagenta: "#eebefa",
  brightCyan: "#99e9f2",
  brightWhite: "#ffffff",
};

function currentTheme(): ITheme {
  return document.documentElement.dataset.theme === "dark" ? DARK : LIGHT;
}

export interface XtermViewProps {
  socket: AtriumSocket | null;
  terminalId: string;
  /** Accessible name, e.g. "Terminal 1" or "Ada's terminal (watching)". */
  label: string;
  /** The tab in front: focus it when it comes forward. */
  active: boolean;
  onStatus?: (terminalId: string, status: TerminalStatus) => void;
  onShared?: (terminalId: string, shared: boolean) => void;
}

export function XtermView({ socket, terminalId, label, active, onStatus, onShared }: XtermViewProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [xterm, setXterm] = useState<{ term: Terminal; fit: FitAddon } | null>(null);
  const [size, setSize] = useState<{ cols: number; rows: number } | null>(null);
  const [status, setStatus] = useState<TerminalStatus>("loading");
  const [notice, setNotice] = useState<string | null>(null);
  // Callbacks from the parent change every render; the socket effect must not re-run for that.
  const callbacks = useRef({ onStatus, onShared });
  useEffect(() => {
    callbacks.current = { onStatus, onShared };
  });

  useEffect(() => {
    callbacks.current.onStatus?.(terminalId, status);
  }, [terminalId, status]);

  // The xterm instance: created once, fitted to its box whenever the box changes size.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let disposed = false;
    let term: Terminal | null = null;
    const cleanups: (() => void)[] = [];

    void Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]).then(([{ Terminal }, { FitAddon }]) => {
      if (disposed) return;
      const t = new Terminal({
        cursorBlink: true,
        fontFamily: getComputedStyle(document.documentElement).getPropertyValue("--font-mono").trim() || "monospace",
        fontSize: 13,
        lineHeight: 1.15,
        scrollback: 5000,
        theme: currentTheme(),
        // Input is only sent once attached read-write; until then keystrokes go nowhere.
        disableStdin: true,
      });
      const fit = new FitAddon();
      t.loadAddon(fit);
      t.open(host);
      term = t;

      const refit = () => {
        // A hidden tab has no size; fitting it would shrink the TTY to nothing.
        if (host.clientWidth === 0 || host.clientHeight === 0) return;
        const proposed = fit.proposeDimensions();
        if (proposed && (proposed.cols !== t.cols || proposed.rows !== t.rows) && proposed.cols > 0 && proposed.rows > 0) fit.fit();
      };
      const onResize = t.onResize(({ cols, rows }) => setSize({ cols, rows }));
      cleanups.push(() => onResize.dispose());
      const observer = new ResizeObserver(() => refit());
      observer.observe(host);
      cleanups.push(() => observer.disconnect());
      const themeWatch = new MutationObserver(() => {
        t.options.theme = currentTheme();
      });
      themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
      cleanups.push(() => themeWatch.disconnect());

      const paste = () => {
        if (!navigator.clipboard?.readText) {
          setNotice("This browser does not let pages read the clipboard here. Paste with your browser's Paste command instead.");
          return;
        }
        navigator.clipboard.readText().then(
          (text) => t.paste(text),
          () => setNotice("Reading the clipboard was not allowed. Allow clipboard access for this site, or use your browser's Paste command."),
        );
      };
      const copy = () => {
        const text = t.getSelection();
        if (!text) return;
        void copyText(text).then((ok) => setNotice(ok ? null : "Copying was blocked by the browser. Select the text and use your browser's Copy command."));
      };
      // Ctrl+Shift+C / Ctrl+Shift+V, as in desktop terminals (plain Ctrl+C must still reach the shell).
      t.attachCustomKeyEventHandler((event) => {
        if (event.type !== "keydown" || !event.ctrlKey || !event.shiftKey) return true;
        if (event.code === "KeyC") {
          event.preventDefault();
          copy();
          return false;
        }
        if (event.code === "KeyV") {
          event.preventDefault();
          paste();
          return false;
        }
        return true;
      });
      // Right-click: copy the selection if there is one, else paste (as PuTTY and Windows Terminal do).
      const onContextMenu = (event: MouseEvent) => {
        event.preventDefault();
        if (t.hasSelection()) {
          copy();
          t.clearSelection();
        } else paste();
      };
      host.addEventListener("contextmenu", onContextMenu);
      cleanups.push(() => host.removeEventListener("contextmenu", onContextMenu));

      refit();
      setSize({ cols: t.cols, rows: t.rows });
      setXterm({ term: t, fit });
    });

    return () => {
      disposed = true;
      for (const cleanup of cleanups) cleanup();
      term?.dispose();
      setXterm(null);
    };
  }, []);

  // The socket side: attach (again after every reconnect), live output, input, resize.
  useEffect(() => {
    // Without a socket (or until it connects) the status stays "loading"; `connect` attaches.
    if (!xterm || !socket) return;
    const t = xterm.term;
    let cancelled = false;
    let attaching = true;
    let readOnly = true;
    let ended = false;

    const sendSize = () => {
      if (readOnly || attaching || ended) return;
      socket.emit("terminal:resize", { terminalId, cols: t.cols, rows: t.rows }, (result) => {
        if (!result.ok && !cancelled) setNotice(result.error.message);
      });
    };

    const attach = () => {
      attaching = true;
      setStatus("attaching");
      request<TerminalAttached>((ack) => socket.emit("terminal:attach", { terminalId }, ack)).then(
        (data) => {
          if (cancelled) return;
          // The scrollback holds everything up to now, including output that arrived while we waited.
          t.reset();
          t.write(base64ToBytes(data.scrollback));
          readOnly = data.readOnly;
          t.options.disableStdin = data.readOnly;
          attaching = false;
          setNotice(null);
          setStatus(data.readOnly ? "watching" : "live");
          callbacks.current.onShared?.(terminalId, data.shared);
          // Another tab may have left the TTY at its own size.
          sendSize();
        },
        (error: unknown) => {
          if (cancelled) return;
          const body = error instanceof RealtimeError ? error.body : null;
          if (body?.code === "NOT_FOUND") {
            ended = true;
            setStatus("gone");
            setNotice(body.message);
          } else {
            setStatus("failed");
            setNotice(body?.message ?? "The terminal could not be attached. Check your connection and try again.");
          }
        },
      );
    };

    const onOutput = (payload: { terminalId: string; data: Uint8Array | ArrayBuffer }) => {
      if (payload.terminalId !== terminalId || attaching) return;
      t.write(toBytes(payload.data));
    };
    const onExited = (payload: TerminalExited) => {
      if (payload.terminalId !== terminalId) return;
      ended = true;
      t.options.disableStdin = true;
      // The server says why when it ended the shell on purpose (a restore); else the exit code.
      const why = payload.reason ? payload.reason.message : `The shell exited with code ${payload.exitCode}.`;
      t.write(`\r\n\x1b[2m[${why}]\x1b[0m\r\n`);
      setStatus("exited");
    };
    const onLagged = (payload: { terminalId: string }) => {
      // A watcher that fell behind missed output: the scrollback gets the screen right again.
      if (payload.terminalId === terminalId && !ended) attach();
    };
    const onShared = (payload: { terminalId: string; shared: boolean }) => {
      if (payload.terminalId !== terminalId) return;
      callbacks.current.onShared?.(terminalId, payload.shared);
      // The owner stopped sharing: the server has detached us.
      if (!payload.shared && readOnly) {
        ended = true;
        setStatus("gone");
        setNotice("The owner stopped sharing this terminal.");
      }
    };
    const onConnect = () => {
      if (!ended) attach();
    };
    const onDisconnect = () => {
      attaching = true;
      if (!ended) setStatus("reconnecting");
    };

    const input = t.onData((data) => {
      if (readOnly || attaching || ended) return;
      for (const piece of chunkInput(data)) {
        socket.emit("terminal:input", { terminalId, data: piece }, (result) => {
          if (!result.ok && !cancelled) setNotice(result.error.message);
        });
      }
    });
    const resized = t.onResize(() => sendSize());

    socket.on("terminal:output", onOutput);
    socket.on("terminal:exited", onExited);
    socket.on("terminal:lagged", onLagged);
    socket.on("terminal:shared", onShared);
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    if (socket.connected) attach();

    return () => {
      cancelled = true;
      input.dispose();
      resized.dispose();
      socket.off("terminal:output", onOutput);
      socket.off("terminal:exited", onExited);
      socket.off("terminal:lagged", onLagged);
      socket.off("terminal:shared", onShared);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      // The terminal keeps running; this tab just stops receiving it.
      if (socket.connected && !ended) socket.emit("terminal:detach", { terminalId }, () => undefined);
    };
  }, [socket, xterm, terminalId]);

  useEffect(() => {
    if (!active || !xterm) return;
    // Coming forward from a hidden tab: the box has a size again.
    const host = hostRef.current;
    if (host && host.clientWidth > 0 && host.clientHeight > 0) xterm.fit.fit();
    xterm.term.focus();
  }, [active, xterm]);

  return (
    <div className="term-view" hidden={!active}>
      <div
        ref={hostRef}
        className="term-xterm"
        role="group"
        aria-label={label}
        data-testid="terminal"
        data-terminal-id={terminalId}
        data-status={status}
        data-cols={size?.cols}
        data-rows={size?.rows}
      />
      {notice && (
        <p className="term-notice" role="status">
          {notice}
          <button type="button" className="term-notice-close" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </p>
      )}
    </div>
  );
}
