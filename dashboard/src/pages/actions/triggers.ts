// What the dashboard knows about each trigger: its name, current version, the handler stub of a new
// action, and the sample event the Test panel starts from.
import type { TriggerRef } from "../../api/types";

export interface TriggerInfo {
  id: string;
  version: string;
  label: string;
  description: string;
  handlers: string[];
}

export const TRIGGERS: TriggerInfo[] = [
  {
    id: "post-login",
    version: "v3",
    label: "Login / Post Login",
    description: "Runs after a user is authenticated and before tokens are issued.",
    handlers: ["onExecutePostLogin", "onContinuePostLogin"],
  },
  {
    id: "credentials-exchange",
    version: "v2",
    label: "Machine to Machine",
    description: "Runs before an access token is issued through the client credentials grant.",
    handlers: ["onExecuteCredentialsExchange"],
  },
  {
    id: "pre-user-registration",
    version: "v2",
    label: "Pre User Registration",
    description: "Runs before a user is added to a database connection.",
    handlers: ["onExecutePreUserRegistration"],
  },
  {
    id: "post-user-registration",
    version: "v2",
    label: "Post User Registration",
    description: "Runs after a user is added to a database connection.",
    handlers: ["onExecutePostUserRegistration"],
  },
  {
    id: "post-change-password",
    version: "v2",
    label: "Post Change Password",
    description: "Runs after a password is changed.",
    handlers: ["onExecutePostChangePassword"],
  },
  {
    id: "send-phone-message",
    version: "v2",
    label: "Send Phone Message",
    description: "Delivers MFA text messages through your provider.",
    handlers: ["onExecuteSendPhoneMessage"],
  },
  {
    id: "password-reset-post-challenge",
    version: "v1",
    label: "Password Reset / Post Challenge",
    description: "Runs after the password reset challenge and before the new password is set.",
    handlers: ["onExecutePostChallenge", "onContinuePostChallenge"],
  },
];

export function triggerInfo(id: string, version?: string): TriggerInfo {
  const known = TRIGGERS.find((t) => t.id === id);
  if (known) return version ? { ...known, version } : known;
  return {
    id,
    version: version ?? "v1",
    label: id,
    description: "",
    handlers: [`onExecute${id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}`],
  };
}

/** The server's trigger list when it has one, in the dashboard's order, otherwise the built-in list. */
export function mergeTriggers(fromServer: TriggerRef[] | undefined): TriggerInfo[] {
  if (!fromServer || fromServer.length === 0) return TRIGGERS;
  const current = fromServer.filter((t) => !t.status || t.status.toUpperCase() === "CURRENT");
  const list = (current.length ? current : fromServer).map((t) => triggerInfo(t.id, t.version));
  return list.sort((a, b) => indexOf(a.id) - indexOf(b.id));
}

function indexOf(id: string): number {
  const i = TRIGGERS.findIndex((t) => t.id === id);
  return i < 0 ? TRIGGERS.length : i;
}

/** Handler stubs of a new action, with the JSDoc Auth0's editor starts from. */
export function defaultCode(trigger: TriggerInfo): string {
  const [execute, resume] = trigger.handlers;
  const apiType = `${trigger.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}API`;
  let code = `/**
 * Handler that will be called during the execution of a ${trigger.label} flow.
 *
 * @param {Event} event - Details about the context in which the trigger runs.
 * @param {${apiType}} api - Methods that change the outcome of the flow.
 */
exports.${execute} = async (event, api) => {
};
`;
  if (resume) {
    code += `
/**
 * Handler that will be invoked when this action is resuming after an external redirect. If your
 * ${execute} function does not perform a redirect, this function can be safely ignored.
 *
 * @param {Event} event - Details about the context in which the trigger runs.
 * @param {${apiType}} api - Methods that change the outcome of the flow.
 */
// exports.${resume} = async (event, api) => {
// };
`;
  }
  return code;
}

const POST_LOGIN_EVENT = {
  transaction: {
    id: "tx-sample",
    locale: "en",
    protocol: "oidc-basic-profile",
    redirect_uri: "http://localhost:3000/callback",
    requested_scopes: ["openid", "profile", "email"],
    response_mode: "query",
    response_type: ["code"],
    state: "sample-state",
    metadata: {},
  },
  authentication: { methods: [{ name: "pwd", timestamp: "2025-01-01T12:00:00.000Z" }] },
  authorization: { roles: [] as string[] },
  client: { client_id: "sample-client-id", name: "My App", metadata: {} },
  connection: { id: "con_sample", name: "Username-Password-Authentication", strategy: "auth0", metadata: {} },
  request: {
    ip: "127.0.0.1",
    method: "GET",
    hostname: "localhost",
    language: "en",
    user_agent: "Mozilla/5.0",
    query: { scope: "openid profile email" },
    body: {},
    geoip: {
      cityName: "Berlin",
      continentCode: "EU",
      countryCode: "DE",
      countryCode3: "DEU",
      countryName: "Germany",
      latitude: 52.52,
      longitude: 13.4,
      timeZone: "Europe/Berlin",
    },
  },
  resource_server: { identifier: "https://api.example.com" },
  secrets: {},
  configuration: {},
  session: { id: "session-sample" },
  stats: { logins_count: 5 },
  tenant: { id: "default" },
  user: {
    user_id: "auth0|sample",
    email: "j+smith@example.com",
    email_verified: true,
    name: "Jane Smith",
    nickname: "j+smith",
    given_name: "Jane",
    family_name: "Smith",
    picture: "",
    created_at: "2025-01-01T12:00:00.000Z",
    updated_at: "2025-01-01T12:00:00.000Z",
    app_metadata: {},
    user_metadata: {},
    identities: [{ connection: "Username-Password-Authentication", provider: "auth0", user_id: "sample", isSocial: false }],
    multifactor: [] as string[],
  },
};

const SAMPLE_USER = POST_LOGIN_EVENT.user;
const SAMPLE_REQUEST = POST_LOGIN_EVENT.request;

const SAMPLE_EVENTS: Record<string, unknown> = {
  "post-login": POST_LOGIN_EVENT,
  "credentials-exchange": {
    transaction: { requested_scopes: ["read:messages"] },
    client: { client_id: "sample-m2m-client", name: "My Service", metadata: {} },
    resource_server: { identifier: "https://api.example.com" },
    request: { ...SAMPLE_REQUEST, method: "POST", body: { grant_type: "client_credentials" } },
    accessToken: { customClaims: {}, scope: ["read:messages"] },
    secrets: {},
    tenant: { id: "default" },
  },
  "pre-user-registration": {
    client: POST_LOGIN_EVENT.client,
    connection: POST_LOGIN_EVENT.connection,
    request: { ...SAMPLE_REQUEST, method: "POST" },
    secrets: {},
    tenant: { id: "default" },
    transaction: { locale: "en" },
    user: { email: SAMPLE_USER.email, app_metadata: {}, user_metadata: {} },
  },
  "post-user-registration": {
    connection: POST_LOGIN_EVENT.connection,
    request: SAMPLE_REQUEST,
    secrets: {},
    tenant: { id: "default" },
    user: SAMPLE_USER,
  },
  "post-change-password": {
    connection: POST_LOGIN_EVENT.connection,
    request: SAMPLE_REQUEST,
    secrets: {},
    tenant: { id: "default" },
    user: SAMPLE_USER,
  },
  "send-phone-message": {
    client: POST_LOGIN_EVENT.client,
    message_options: { action: "enrollment", code: "123456", message_type: "sms", recipient: "+15555550100", text: "Your code is 123456" },
    request: SAMPLE_REQUEST,
    secrets: {},
    tenant: { id: "default" },
    user: SAMPLE_USER,
  },
  "password-reset-post-challenge": {
    client: POST_LOGIN_EVENT.client,
    connection: POST_LOGIN_EVENT.connection,
    request: SAMPLE_REQUEST,
    secrets: {},
    tenant: { id: "default" },
    transaction: { locale: "en" },
    user: SAMPLE_USER,
  },
};

export function sampleEvent(triggerId: string): string {
  return JSON.stringify(SAMPLE_EVENTS[triggerId] ?? { secrets: {} }, null, 2);
}
