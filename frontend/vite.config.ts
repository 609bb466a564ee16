/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { compression } from "vite-plugin-compression2";

const backend = process.env.EXPERTBOOK_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [
    react(),
    // .br and .gz beside every text file, made once here so the server only picks one.
    // The build manifest is read by the JavaScript budget test (tests/web), never served.
    compression({ algorithms: ["brotliCompress", "gzip"], exclude: [/manifest\.json$/] }),
  ],
  server: {
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      "/socket.io": { target: backend, ws: true },
    },
  },
  // Source maps stay out of the shipped build; pages are split by route (App.tsx). The
  // manifest (dist/.vite/manifest.json) says which chunks each page loads.
  build: {
    outDir: "dist",
    sourcemap: false,
    manifest: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // React and the router change least: their own chunk stays cached across releases.
          groups: [
            {
              name: "framework",
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
            },
          ],
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
  },
});
