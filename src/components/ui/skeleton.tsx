import type { CSSProperties } from "react";
import { cx } from "./cx";

export interface SkeletonProps {
  width?: CSSProperties["width"];
  height?: CSSProperties["height"];
  radius?: CSSProperties["borderRadius"];
  className?: string;
}

/** A shimmering placeholder; wrap a group of them in an element with aria-busy and a label. */
export function Skeleton({ width = "100%", height = 12, radius, className }: SkeletonProps) {
  return <span className={cx("skeleton", className)} style={{ width, height, borderRadius: radius }} aria-hidden="true" />;
}
