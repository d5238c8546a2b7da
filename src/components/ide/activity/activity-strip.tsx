// The top bar's "who is here": one avatar per person in this workspace right now (from the room's
// presence, live), with their name, how many tabs they have open and which files, on hover or focus.
"use client";
import { useMemo } from "react";
import { initials } from "~/components/ui/initials";
import type { PresenceMember } from "~/server/realtime/events";
import { hueOf } from "../editor/collab/colors";
import { setFollow, useFollow } from "../editor/collab/follow-store";
import { useIde } from "../ide-context";
import "./activity.css";

/** Avatars shown before "+N". */
const MAX_SHOWN = 5;

export interface PresencePerson {
  userId: string;
  name: string;
  email: string;
  isMe: boolean;
  tabs: number;
  /** Files open in their tabs, most recent tab first, without repeats. */
  paths: string[];
}

/** One entry per person (presence has one per tab); me first, then by who came first. */
export function groupPresence(presence: readonly PresenceMember[], myUserId: string): PresencePerson[] {
  const byUser = new Map<string, PresencePerson & { joinedAt: string }>();
  for (const m of presence) {
    let person = byUser.get(m.userId);
    if (!person) byUser.set(m.userId, (person = { userId: m.userId, name: m.name, email: m.email, isMe: m.userId === myUserId, tabs: 0, paths: [], joinedAt: m.joinedAt }));
    person.tabs++;
    if (m.activePath && !person.paths.includes(m.activePath)) person.paths.unshift(m.activePath);
    if (m.joinedAt < person.joinedAt) person.joinedAt = m.joinedAt;
  }
  return [...byUser.values()]
    .sort((a, b) => (a.isMe === b.isMe ? a.joinedAt.localeCompare(b.joinedAt) : a.isMe ? -1 : 1))
    .map(({ joinedAt: _joinedAt, ...person }) => person);
}


export function describePerson(p: PresencePerson): string {
  const who = p.isMe ? `${p.name} (you)` : p.name;
  const tabs = `${p.tabs} tab${p.tabs === 1 ? "" : "s"}`;
  const files = p.paths.length > 0 ? `, viewing ${p.paths.join(", ")}` : "";
  return `${who}, ${tabs}${files}`;
}

export function ActivityStrip() {
  const { presence, currentUser, connection } = useIde();
  const people = useMemo(() => groupPresence(presence, currentUser.id), [presence, currentUser.id]);
  const shown = people.slice(0, MAX_SHOWN);
  const hidden = people.slice(MAX_SHOWN);
  const others = people.filter((p) => !p.isMe).length;
  const following = useFollow();
  // Follow mode: click (or Enter on) someone else to keep your view on their file and cursor.
  const toggleFollow = (p: PresencePerson) => {
    if (p.isMe) return;
    setFollow(following?.userId === p.userId ? null : { userId: p.userId, name: p.name });
  };

  return (
    <div className="activity" data-testid="activity-strip" data-connection={connection}>
      <span className="activity-summary" aria-live="polite">
        {others === 0 ? "Only you here" : `${others} other${others === 1 ? "" : "s"} here`}
      </span>
      <ul className="activity-list" aria-label="People in this workspace">
        {shown.map((p) => (
          <li
            key={p.userId}
            className="activity-person"
            aria-label={p.isMe ? describePerson(p) : `${describePerson(p)}. ${following?.userId === p.userId ? "Following; press Enter to stop" : "Press Enter to follow"}`}
            data-user-id={p.userId}
            data-me={p.isMe || undefined}
            data-following={following?.userId === p.userId || undefined}
            tabIndex={0}
            onClick={() => toggleFollow(p)}
            onKeyDown={(event) => {
              if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                toggleFollow(p);
              }
            }}
          >
            <span className="activity-avatar" style={{ ["--activity-hue" as string]: String(hueOf(p.userId)) }} aria-hidden="true">
              {initials(p.name, p.email)}
              {p.tabs > 1 && <span className="activity-tabs">{p.tabs}</span>}
            </span>
            <span className="activity-card" role="tooltip">
              <span className="activity-card-name">
                {p.name}
                {p.isMe && <span className="activity-you">you</span>}
              </span>
              <span className="activity-card-email">{p.email}</span>
              <span className="activity-card-line">
                {p.tabs} tab{p.tabs === 1 ? "" : "s"} open
              </span>
              {p.paths.length > 0 ? (
                p.paths.map((path) => (
                  <span key={path} className="activity-card-path">
                    {path}
                  </span>
                ))
              ) : (
                <span className="activity-card-line activity-card-muted">No file open</span>
              )}
            </span>
          </li>
        ))}
        {hidden.length > 0 && (
          <li className="activity-person activity-more" aria-label={hidden.map(describePerson).join("; ")} title={hidden.map(describePerson).join("\n")} tabIndex={0}>
            <span className="activity-avatar activity-avatar-more" aria-hidden="true">
              +{hidden.length}
            </span>
          </li>
        )}
      </ul>
    </div>
  );
}
