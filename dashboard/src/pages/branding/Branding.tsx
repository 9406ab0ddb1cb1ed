// The login page's name (tenant friendly name), logo and primary colour, with a live preview.
import { useEffect, useState } from "react";
import * as api from "../../api/client";
import { useToast } from "../../components/overlays";
import { Button, Card, ErrorBanner, Loading, PageHeader, TextField } from "../../components/ui";
import { useAsync, useSubmit } from "../../hooks";

const HEX = /^#[0-9a-fA-F]{6}$/;

/** A server without branding yet answers 404: start from empty settings then. */
function orEmpty<T extends object>(promise: Promise<T>): Promise<T> {
  return promise.catch((e: unknown) => {
    if (e instanceof api.ApiError && e.statusCode === 404) return {} as T;
    throw e;
  });
}

async function load() {
  const [branding, settings] = await Promise.all([orEmpty(api.branding.get()), orEmpty(api.tenant.settings())]);
  return { branding, settings };
}

function Preview({ name, logo, color, background }: { name: string; logo: string; color: string; background: string }) {
  return (
    <div className="login-preview" style={{ background }} aria-label="Login page preview" role="img">
      <div className="login-box">
        {logo ? <img src={logo} alt="" className="login-logo" /> : <div className="login-logo placeholder" aria-hidden="true" />}
        <h3>Welcome</h3>
        <p className="muted small">Log in to {name || "your tenant"} to continue.</p>
        <div className="fake-input">Email address</div>
        <div className="fake-input">Password</div>
        <div className="fake-button" style={{ background: HEX.test(color) ? color : "#635dff" }}>
          Continue
        </div>
      </div>
    </div>
  );
}

export default function Branding() {
  const toast = useToast();
  const { data, error, loading, reload } = useAsync(load, []);
  const [name, setName] = useState("");
  const [logo, setLogo] = useState("");
  const [color, setColor] = useState("#635dff");
  const [background, setBackground] = useState("#f0f2f5");
  useEffect(() => {
    if (!data) return;
    setName(String(data.settings.friendly_name ?? ""));
    setLogo(data.branding.logo_url ?? "");
    setColor(data.branding.colors?.primary ?? "#635dff");
    setBackground(data.branding.colors?.page_background ?? "#f0f2f5");
  }, [data]);
  const save = useSubmit(async () => {
    if (!HEX.test(color) || !HEX.test(background)) throw new Error("Colours must look like #1a2b3c.");
    if (logo && !/^https:\/\//.test(logo)) throw new Error("The logo URL must start with https://.");
    await api.branding.update({ logo_url: logo || undefined, colors: { primary: color, page_background: background } });
    await api.tenant.updateSettings({ friendly_name: name.trim() });
    toast("Branding saved");
  });
  if (loading && !data) return <Loading />;
  return (
    <>
      <PageHeader title="Login page" subtitle="How the login page looks to your users." />
      <ErrorBanner error={error} onRetry={reload} />
      <div className="two-columns">
        <Card title="Customization">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void save.submit();
            }}
          >
            <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} hint="Shown on the login page, e.g. your company name." />
            <TextField
              label="Logo URL"
              type="url"
              value={logo}
              onChange={(e) => setLogo(e.target.value)}
              placeholder="https://example.com/logo.png"
              hint="An https URL of an image, shown 150 × 150 at most."
            />
            <div className="color-row">
              <TextField label="Primary Color" value={color} onChange={(e) => setColor(e.target.value)} />
              <input type="color" aria-label="Pick primary color" value={HEX.test(color) ? color : "#635dff"} onChange={(e) => setColor(e.target.value)} />
            </div>
            <div className="color-row">
              <TextField label="Page Background Color" value={background} onChange={(e) => setBackground(e.target.value)} />
              <input
                type="color"
                aria-label="Pick page background color"
                value={HEX.test(background) ? background : "#f0f2f5"}
                onChange={(e) => setBackground(e.target.value)}
              />
            </div>
            <div className="form-footer">
              {save.error && (
                <p className="error-text" role="alert">
                  {save.error}
                </p>
              )}
              <Button type="submit" variant="primary" busy={save.busy}>
                Save
              </Button>
            </div>
          </form>
        </Card>
        <Card title="Preview">
          <Preview name={name} logo={logo} color={color} background={background} />
        </Card>
      </div>
    </>
  );
}
