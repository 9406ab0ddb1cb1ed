// Multi-factor authentication: which factors users may enroll, when MFA is required, remember-browser.
import * as api from "../../api/client";
import type { GuardianFactor, MfaPolicy, TenantSettings } from "../../api/types";
import { useToast } from "../../components/overlays";
import { Banner, Card, EmptyState, ErrorBanner, Loading, PageHeader, Toggle } from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";
import { Link } from "../../router";

const FACTORS: Record<string, { label: string; hint: string }> = {
  otp: { label: "One-time Password", hint: "Codes from an authenticator app such as Google Authenticator (TOTP)." },
  "recovery-code": { label: "Recovery Code", hint: "A single-use code shown at enrollment, to regain access without the device." },
  sms: { label: "Phone Message", hint: "Codes sent by text message." },
  email: { label: "Email", hint: "Codes sent by email." },
  "webauthn-roaming": { label: "WebAuthn with Security Keys", hint: "FIDO security keys." },
  "webauthn-platform": { label: "WebAuthn with Device Biometrics", hint: "Fingerprint or face unlock of the device." },
  "push-notification": { label: "Push Notification", hint: "Approve the login in a mobile app." },
  duo: { label: "Duo Security", hint: "Duo's service." },
};

// A Portcullis extension of Auth0's tenant settings: a boolean.
const REMEMBER_BROWSER = "mfa_remember_browser";

function Factors() {
  const toast = useToast();
  const { data, error, loading, reload, setData } = useAsync(() => api.guardian.factors(), []);
  const toggle = useSubmit(async (factor: GuardianFactor, enabled: boolean) => {
    await api.guardian.setFactor(factor.name, enabled);
    setData((list) => (list ?? []).map((f) => (f.name === factor.name ? { ...f, enabled } : f)));
    toast(`${FACTORS[factor.name]?.label ?? factor.name} ${enabled ? "enabled" : "disabled"}`);
  });
  const missing = error instanceof api.ApiError && error.isMissingEndpoint;
  // The two factors Portcullis supports first, then whatever else the server lists.
  const ordered = [...(data ?? [])].sort((a, b) => rank(a.name) - rank(b.name));
  return (
    <Card title="Factors" description="Users enroll one of the enabled factors when MFA is required.">
      {missing ? (
        <EmptyState title="Not available yet">This server does not manage MFA factors yet.</EmptyState>
      ) : (
        <ErrorBanner error={error} onRetry={reload} />
      )}
      {toggle.error && (
        <p className="error-text" role="alert">
          {toggle.error}
        </p>
      )}
      {loading && !data ? (
        <Loading />
      ) : (
        <div className="toggle-list">
          {ordered.map((f) => (
            <Toggle
              key={f.name}
              label={FACTORS[f.name]?.label ?? f.name}
              hint={FACTORS[f.name]?.hint}
              checked={f.enabled}
              disabled={toggle.busy}
              onChange={(on) => void toggle.submit(f, on)}
            />
          ))}
        </div>
      )}
    </Card>
  );
}

function rank(name: string): number {
  const order = ["otp", "recovery-code"];
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

function Policy() {
  const toast = useToast();
  const { data, error, loading, reload, setData } = useAsync(() => api.guardian.policies(), []);
  const save = useSubmit(async (policies: MfaPolicy[]) => {
    setData(await api.guardian.setPolicies(policies));
    toast("MFA policy saved");
  });
  const always = (data ?? []).includes("all-applications");
  return (
    <Card title="Require Multi-factor Auth" description="When users must complete a second factor.">
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : (
        <fieldset className="radio-group" disabled={save.busy}>
          <legend className="visually-hidden">MFA policy</legend>
          <label className="radio">
            <input type="radio" name="mfa-policy" checked={!always} onChange={() => void save.submit([])} />
            <span>
              <strong>Never</strong>
              <span className="hint">
                {" "}
                — unless an action asks for it, e.g. <code>api.multifactor.enable("any")</code> in a{" "}
                <Link to="/flows/post-login">Login flow</Link>.
              </span>
            </span>
          </label>
          <label className="radio">
            <input type="radio" name="mfa-policy" checked={always} onChange={() => void save.submit(["all-applications"])} />
            <span>
              <strong>Always</strong>
              <span className="hint"> — every login of every application.</span>
            </span>
          </label>
        </fieldset>
      )}
      {save.error && (
        <p className="error-text" role="alert">
          {save.error}
        </p>
      )}
    </Card>
  );
}

function RememberBrowser() {
  const toast = useToast();
  const { data, error, loading, setData } = useAsync(() => api.tenant.settings(), []);
  const save = useSubmit(async (on: boolean) => {
    const patch: TenantSettings = { [REMEMBER_BROWSER]: on };
    setData(await api.tenant.updateSettings(patch));
    toast(on ? "Browsers may be remembered" : "Browsers are not remembered");
  });
  if (error instanceof api.ApiError && error.isMissingEndpoint) return null;
  return (
    <Card title="Additional Settings">
      <ErrorBanner error={error} />
      {loading && !data ? (
        <Loading />
      ) : (
        <Toggle
          label="Remember browser"
          hint="Users may tick “remember this browser” and skip MFA on it for 30 days."
          checked={data?.[REMEMBER_BROWSER] === true}
          disabled={save.busy}
          onChange={(on) => void save.submit(on)}
        />
      )}
      {save.error && (
        <p className="error-text" role="alert">
          {save.error}
        </p>
      )}
    </Card>
  );
}

export default function Security() {
  return (
    <>
      <PageHeader title="Multi-factor Authentication" subtitle="Ask users for a second factor when they sign in." />
      <Banner>
        Enabling a factor lets users enroll; the policy, or an action, decides when they must use it.
      </Banner>
      <div className="stack">
        <Factors />
        <Policy />
        <RememberBrowser />
      </div>
    </>
  );
}
