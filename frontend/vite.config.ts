/// <reference types="vitest/config" />
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";
import { compression } from "vite-plugin-compression2";

const backend = process.env.EXPERTBOOK_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [
    // Preact runs the React code through preact/compat ("react" and "react-dom" are aliases
    // of it): the same components and libraries for about 60 kB less gzipped JavaScript.
    preact(),
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
      onLog(level, log, handler) {
        // React Router looks for React 19's useOptimistic and falls back when it is absent,
        // as it is in preact/compat: nothing is wrong, so the build does not warn about it.
        if (log.code === "IMPORT_IS_UNDEFINED" && log.message.includes("useOptimistic")) return;
        handler(level, log);
      },
      output: {
        codeSplitting: {
          // Preact and the router change least: their own chunk stays cached across releases.
          groups: [
            {
              name: "framework",
              test: /node_modules[\\/](preact|react-router)[\\/]/,
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
