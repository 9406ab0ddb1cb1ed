import { createRoot } from "react-dom/client";
import App from "./App";
import { SessionGate } from "./auth/session";
import { OverlayProvider } from "./components/overlays";
import "./styles.css";

// No StrictMode: its double effects would redeem the authorization code twice.
createRoot(document.getElementById("root")!).render(
  <SessionGate>
    <OverlayProvider>
      <App />
    </OverlayProvider>
  </SessionGate>,
);
