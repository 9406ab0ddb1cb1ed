import type { Action } from "../../api/types";
import { Badge } from "../../components/ui";

/** Deployment and build state of an action, as badges. */
export function ActionStatusBadges({ action }: { action: Action }) {
  const deployed = action.deployed_version;
  return (
    <span className="badges" data-testid="action-status">
      {deployed ? (
        <Badge tone="success">Deployed v{deployed.number}</Badge>
      ) : (
        <Badge tone="neutral">Draft</Badge>
      )}
      {deployed && !action.all_changes_deployed && <Badge tone="warning">Undeployed changes</Badge>}
      {action.status === "failed" && <Badge tone="danger">Build failed</Badge>}
      {(action.status === "pending" || action.status === "building" || action.status === "retrying") && (
        <Badge tone="info">Building…</Badge>
      )}
    </span>
  );
}
