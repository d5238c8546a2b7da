import Link from "next/link";
import { AtriumMark } from "~/components/ui/icons";

export function Wordmark({ href = "/dashboard" }: { href?: string }) {
  return (
    <Link href={href} className="wordmark" aria-label="Atrium home">
      <span className="wordmark-logo">
        <AtriumMark size={14} />
      </span>
      <span className="wordmark-text">Atrium</span>
    </Link>
  );
}
