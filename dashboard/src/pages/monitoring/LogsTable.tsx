import type { LogEvent } from "../../api/types";
import { Badge, formatDate } from "../../components/ui";
import { Link } from "../../router";
import { logTypeLabel, logTypeTone } from "./logTypes";

export default function LogsTable({ logs, label, compact = false }: { logs: LogEvent[]; label: string; compact?: boolean }) {
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col">Description</th>
          <th scope="col">Date</th>
          {!compact && (
            <th scope="col" className="hide-narrow">
              Application
            </th>
          )}
          {!compact && (
            <th scope="col" className="hide-narrow">
              User
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {logs.map((log) => (
          <tr key={log.log_id ?? log._id}>
            <td>
              <Link to={`/logs/${encodeURIComponent(log.log_id ?? log._id ?? "")}`} aria-label={`${logTypeLabel(log.type)} at ${formatDate(log.date)}`}>
                <Badge tone={logTypeTone(log.type)}>{logTypeLabel(log.type)}</Badge>
              </Link>
            </td>
            <td>{log.description ?? "—"}</td>
            <td className="nowrap">{formatDate(log.date)}</td>
            {!compact && <td className="hide-narrow">{log.client_name ?? log.client_id ?? "—"}</td>}
            {!compact && <td className="hide-narrow">{log.user_name ?? log.user_id ?? "—"}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
