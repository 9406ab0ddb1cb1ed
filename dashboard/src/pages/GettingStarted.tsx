import * as api from "../api/client";
import { useSession } from "../auth/session";
import { Card, CopyButton, PageHeader } from "../components/ui";
import { useAsync } from "../hooks";
import { Link } from "../router";

interface Step {
  title: string;
  text: string;
  to: string;
  cta: string;
  done?: boolean;
}

async function progress() {
  // Each count is best effort: an endpoint the server does not offer yet just leaves its step open.
  const settle = <T,>(p: Promise<T>) => p.then((v) => v, () => undefined);
  const [clients, users, roles, actions, factors] = await Promise.all([
    settle(api.clients.list()),
    settle(api.users.list({ page: 0, perPage: 1 })),
    settle(api.roles.list()),
    settle(api.actions.list({ perPage: 50 })),
    settle(api.guardian.factors()),
  ]);
  return {
    applications: clients?.filter((c) => !c.global).length,
    users: users?.total,
    roles: roles?.length,
    actions: actions?.actions.length,
    deployed: actions?.actions.some((a) => a.deployed_version),
    mfa: factors?.some((f) => f.enabled),
  };
}

export default function GettingStarted() {
  const session = useSession();
  const { data } = useAsync(progress, []);
  const steps: Step[] = [
    {
      title: "Register an application",
      text: "Tell Portcullis about your single-page, web, native or machine-to-machine app and where it may redirect.",
      to: "/applications",
      cta: "Go to Applications",
      done: (data?.applications ?? 0) > 0,
    },
    {
      title: "Add users",
      text: "Create users with a password, or let them sign up on the login page.",
      to: "/users",
      cta: "Go to Users",
      done: (data?.users ?? 0) > 0,
    },
    {
      title: "Define roles",
      text: "Group permissions into roles and assign them; roles reach actions as event.authorization.roles.",
      to: "/roles",
      cta: "Go to Roles",
      done: (data?.roles ?? 0) > 0,
    },
    {
      title: "Customize login with an action",
      text: "Write JavaScript that runs on every login, test it with a sample event, deploy it and add it to the Login flow.",
      to: "/actions",
      cta: "Go to Actions",
      done: data?.deployed,
    },
    {
      title: "Turn on multi-factor authentication",
      text: "Enable one-time passwords and decide when users are asked for a second factor.",
      to: "/security",
      cta: "Configure MFA",
      done: data?.mfa,
    },
  ];
  const domain = session.tenant.domain;
  return (
    <>
      <PageHeader title="Getting started" subtitle={`Welcome${session.operator.name ? `, ${session.operator.name}` : ""}.`} />
      <Card title="Your tenant">
        <dl className="facts">
          <dt>Domain</dt>
          <dd>
            <code>{domain}</code> <CopyButton value={domain} label="Copy domain" />
          </dd>
          <dt>Issuer</dt>
          <dd>
            <code>{`https://${domain}/`}</code>
          </dd>
          <dt>Discovery</dt>
          <dd>
            <code>{`https://${domain}/.well-known/openid-configuration`}</code>
          </dd>
          <dt>Management API</dt>
          <dd>
            <code>{session.tenant.audience}</code>
          </dd>
        </dl>
      </Card>
      <Card title="Next steps">
        <ol className="steps">
          {steps.map((step) => (
            <li key={step.title} className={step.done ? "done" : ""}>
              <span className="step-mark" aria-hidden="true">
                {step.done ? "✓" : "•"}
              </span>
              <div className="step-body">
                <h3>
                  {step.title}
                  {step.done && <span className="visually-hidden"> (done)</span>}
                </h3>
                <p className="muted">{step.text}</p>
              </div>
              <Link to={step.to} className="btn btn-secondary">
                {step.cta}
              </Link>
            </li>
          ))}
        </ol>
      </Card>
    </>
  );
}
