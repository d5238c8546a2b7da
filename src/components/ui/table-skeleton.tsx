// A generic loading table for lists whose columns are not worth drawing one by one (admin pages).
import { Skeleton } from "./skeleton";

export function TableSkeleton({ columns, rows = 4 }: { columns: number; rows?: number }) {
  return (
    <div className="table-wrap" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading…
      </p>
      <table className="table" aria-hidden="true">
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            <tr key={r}>
              {Array.from({ length: columns }, (_, c) => (
                <td key={c}>
                  <Skeleton width={c === 0 ? 180 : 70} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
