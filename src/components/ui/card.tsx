import type { ComponentPropsWithoutRef } from "react";
import { cx } from "./cx";

export function Card({ className, ...props }: ComponentPropsWithoutRef<"div">) {
  return <div className={cx("card", className)} {...props} />;
}

export function CardBody({ className, ...props }: ComponentPropsWithoutRef<"div">) {
  return <div className={cx("card-body", className)} {...props} />;
}

export function CardFooter({ className, ...props }: ComponentPropsWithoutRef<"div">) {
  return <div className={cx("card-footer", className)} {...props} />;
}
