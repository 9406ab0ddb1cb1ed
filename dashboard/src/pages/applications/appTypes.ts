import type { AppType } from "../../api/types";
import type { IconName } from "../../components/icons";

export const APP_TYPES: { id: AppType; label: string; description: string; icon: IconName }[] = [
  {
    id: "spa",
    label: "Single Page Web Applications",
    description: "A JavaScript front-end app that runs in a browser (React, Vue, Angular…).",
    icon: "spa",
  },
  {
    id: "regular_web",
    label: "Regular Web Applications",
    description: "A traditional web app that renders on the server and keeps a secret.",
    icon: "web",
  },
  {
    id: "native",
    label: "Native",
    description: "A mobile or desktop app that runs on the user's device.",
    icon: "mobile",
  },
  {
    id: "non_interactive",
    label: "Machine to Machine Applications",
    description: "A CLI, daemon or service calling an API with its own credentials.",
    icon: "machine",
  },
];

export function appTypeLabel(type?: AppType): string {
  return APP_TYPES.find((t) => t.id === type)?.label ?? "Generic";
}

/** Grant types Auth0 enables for a new application of each type. */
export function defaultGrants(type: AppType): string[] {
  switch (type) {
    case "spa":
      return ["authorization_code", "implicit", "refresh_token"];
    case "native":
      return ["authorization_code", "implicit", "refresh_token"];
    case "regular_web":
      return ["authorization_code", "implicit", "refresh_token", "client_credentials"];
    case "non_interactive":
      return ["client_credentials"];
  }
}

export const GRANT_TYPES: { id: string; label: string }[] = [
  { id: "authorization_code", label: "Authorization Code" },
  { id: "implicit", label: "Implicit" },
  { id: "refresh_token", label: "Refresh Token" },
  { id: "client_credentials", label: "Client Credentials" },
  { id: "password", label: "Password" },
  { id: "urn:ietf:params:oauth:grant-type:device_code", label: "Device Code" },
];

export function isConfidential(type?: AppType): boolean {
  return type === "regular_web" || type === "non_interactive";
}
