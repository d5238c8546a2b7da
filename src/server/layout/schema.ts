// What one person's IDE layout may hold, validated on the way in (layout.save) and on the way out
// (layout.get: a row written by an older version is dropped rather than trusted).
import { z } from "zod";

export const LAYOUT_LIMITS = {
  /** Open tabs remembered; more are cut (the most recently listed first are kept). */
  maxTabs: 50,
  maxPathChars: 1024,
  /** The whole state as JSON. Keeps one row small whatever a client sends. */
  maxBytes: 16 * 1024,
} as const;

export const SIDE_VIEWS = ["explorer", "search", "replace", "snapshots", "members"] as const;
export const BOTTOM_VIEWS = ["terminal", "tasks"] as const;

const ZPanelSizes = z.record(z.string().min(1).max(40), z.number().finite().min(0).max(100)).refine((sizes) => Object.keys(sizes).length <= 8, "At most 8 panels per group.");

const ZLayoutPath = z.string().min(1).max(LAYOUT_LIMITS.maxPathChars);

export const ZLayoutState = z
  .object({
    version: z.literal(1),
    tabs: z.array(ZLayoutPath).max(LAYOUT_LIMITS.maxTabs),
    active: ZLayoutPath.nullable(),
    side: z.enum(SIDE_VIEWS),
    sideVisible: z.boolean(),
    bottom: z.enum(BOTTOM_VIEWS),
    bottomVisible: z.boolean(),
    /** react-resizable-panels layouts (percent per panel id) of the horizontal and vertical groups. */
    sizes: z.object({ horizontal: ZPanelSizes.optional(), vertical: ZPanelSizes.optional() }).strict(),
  })
  .strict()
  .superRefine((state, ctx) => {
    if (state.active !== null && !state.tabs.includes(state.active)) ctx.addIssue({ code: "custom", path: ["active"], message: "The active tab must be one of the open tabs." });
    const bytes = Buffer.byteLength(JSON.stringify(state), "utf8");
    if (bytes > LAYOUT_LIMITS.maxBytes) ctx.addIssue({ code: "custom", path: [], message: `The layout is ${bytes} bytes as JSON; at most ${LAYOUT_LIMITS.maxBytes} are kept. Close some tabs.` });
  });

export type LayoutState = z.infer<typeof ZLayoutState>;

export const ZLayoutSaveInput = z.object({ state: ZLayoutState });
