import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The server embeds dist/ and serves it at /dashboard/ with an index.html fallback.
// Everything, Monaco and its workers included, is bundled: nothing is fetched from a CDN.
export default defineConfig({
  base: "/dashboard/",
  plugins: [react()],
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 8000,
  },
});
