import { describe, expect, it } from "vitest";
import type { PresenceMember } from "~/server/realtime/events";
import { describePerson, groupPresence } from "./activity-strip";

const member = (socketId: string, userId: string, name: string, activePath: string | null, joinedAt: string): PresenceMember => ({
  socketId,
  userId,
  name,
  email: `${userId}@atrium.test`,
  activePath,
  joinedAt,
});

describe("groupPresence", () => {
  it("makes one entry per person with their tab count and open files, me first", () => {
    const people = groupPresence(
      [
        member("s1", "ada", "Ada Lovelace", "main.py", "2026-01-01T10:00:00Z"),
        member("s2", "me", "Grace Hopper", null, "2026-01-01T10:05:00Z"),
        member("s3", "ada", "Ada Lovelace", "README.md", "2026-01-01T10:02:00Z"),
        member("s4", "ada", "Ada Lovelace", "main.py", "2026-01-01T10:03:00Z"),
        member("s5", "bob", "Bob", null, "2026-01-01T09:00:00Z"),
      ],
      "me",
    );
    expect(people.map((p) => [p.userId, p.tabs, p.isMe])).toEqual([
      ["me", 1, true],
      ["bob", 1, false],
      ["ada", 3, false],
    ]);
    expect(people[2]!.paths.sort()).toEqual(["README.md", "main.py"]);
    expect(describePerson(people[0]!)).toBe("Grace Hopper (you), 1 tab");
    expect(describePerson({ ...people[2]!, paths: ["main.py"] })).toBe("Ada Lovelace, 3 tabs, viewing main.py");
  });

});
