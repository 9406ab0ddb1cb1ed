import { useState } from "react";
import type { Client } from "../../api/types";
import { Card, CopyButton, Tabs } from "../../components/ui";

type Snippet = "config" | "react" | "javascript" | "node" | "curl";

function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="code-block">
      <div className="code-block-head">
        <span>{label}</span>
        <CopyButton value={code} label={`Copy ${label}`} />
      </div>
      <pre>
        <code>{code}</code>
      </pre>
    </div>
  );
}

function snippetsFor(client: Client, domain: string) {
  const origin = client.callbacks?.[0] ?? "http://localhost:3000";
  const config = JSON.stringify({ domain, clientId: client.client_id }, null, 2);
  const react = `// npm install @auth0/auth0-react
import { Auth0Provider, useAuth0 } from "@auth0/auth0-react";
import { createRoot } from "react-dom/client";
import config from "./auth_config.json";

function Profile() {
  const { isAuthenticated, loginWithRedirect, logout, user } = useAuth0();
  return isAuthenticated ? (
    <>
      <p>Hello {user.name}</p>
      <button onClick={() => logout({ logoutParams: { returnTo: window.location.origin } })}>Log out</button>
    </>
  ) : (
    <button onClick={() => loginWithRedirect()}>Log in</button>
  );
}

createRoot(document.getElementById("root")).render(
  <Auth0Provider
    domain={config.domain}
    clientId={config.clientId}
    authorizationParams={{ redirect_uri: window.location.origin }}
  >
    <Profile />
  </Auth0Provider>
);`;
  const javascript = `// npm install @auth0/auth0-spa-js
import { createAuth0Client } from "@auth0/auth0-spa-js";

const auth0 = await createAuth0Client({
  domain: "${domain}",
  clientId: "${client.client_id}",
  authorizationParams: { redirect_uri: window.location.origin },
});

// Coming back from the login page?
if (location.search.includes("code=") && location.search.includes("state=")) {
  await auth0.handleRedirectCallback();
  history.replaceState({}, document.title, "/");
}

document.getElementById("login").onclick = () => auth0.loginWithRedirect();
document.getElementById("logout").onclick = () =>
  auth0.logout({ logoutParams: { returnTo: window.location.origin } });

if (await auth0.isAuthenticated()) {
  const user = await auth0.getUser();
  document.getElementById("profile").textContent = JSON.stringify(user, null, 2);
}`;
  const node = `// npm install express express-openid-connect
const express = require("express");
const { auth, requiresAuth } = require("express-openid-connect");

const app = express();
app.use(auth({
  issuerBaseURL: "https://${domain}",
  baseURL: "${origin.replace(/\/callback$/, "")}",
  clientID: "${client.client_id}",
  clientSecret: process.env.CLIENT_SECRET,
  secret: process.env.SESSION_SECRET,
  authRequired: false,
}));

app.get("/profile", requiresAuth(), (req, res) => res.json(req.oidc.user));
app.listen(3000);`;
  const curl = `curl --request POST \\
  --url https://${domain}/oauth/token \\
  --header 'content-type: application/json' \\
  --data '{"client_id":"${client.client_id}","client_secret":"<CLIENT_SECRET>","audience":"<API_IDENTIFIER>","grant_type":"client_credentials"}'`;
  return { config, react, javascript, node, curl };
}

export default function Quickstart({ client, domain }: { client: Client; domain: string }) {
  const type = client.app_type ?? "spa";
  const tabs: { id: Snippet; label: string }[] =
    type === "non_interactive"
      ? [{ id: "curl", label: "cURL" }]
      : type === "regular_web"
        ? [
            { id: "node", label: "Node.js (Express)" },
            { id: "config", label: "auth_config.json" },
          ]
        : [
            { id: "config", label: "auth_config.json" },
            { id: "react", label: "React" },
            { id: "javascript", label: "JavaScript" },
          ];
  const [tab, setTab] = useState<Snippet>(tabs[0].id);
  const snippets = snippetsFor(client, domain);
  const labels: Record<Snippet, string> = {
    config: "auth_config.json",
    react: "src/index.jsx",
    javascript: "app.js",
    node: "server.js",
    curl: "Request a token",
  };
  return (
    <Card
      title="Quickstart"
      description={
        type === "non_interactive"
          ? "Authorize this application for an API on the APIs tab, then request tokens with its credentials."
          : "Add the allowed URLs on the Settings tab, then drop this configuration into your app."
      }
    >
      {(client.callbacks?.length ?? 0) === 0 && type !== "non_interactive" && (
        <p className="banner banner-warning">
          No Allowed Callback URLs yet: logins will fail until you add your app's URL in Settings.
        </p>
      )}
      <Tabs label="Quickstart snippets" tabs={tabs} value={tab} onChange={setTab} />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        <CodeBlock code={snippets[tab]} label={labels[tab]} />
      </div>
    </Card>
  );
}
