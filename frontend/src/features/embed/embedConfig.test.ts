import { describe, expect, it, vi } from "vitest";
import { createHost, isEmbedPath, parseColor, parseOrigin, readEmbedConfig } from "./embedConfig";

describe("readEmbedConfig", () => {
  it("reads the host's origin, a hex colour and the prefilled details", () => {
    const config = readEmbedConfig(
      "?origin=https%3A%2F%2Falice.example&color=%230F766E&name=+Ada+&email=ada%40example.com",
    );
    expect(config).toEqual({
      origin: "https://alice.example",
      color: "#0f766e",
      name: "Ada",
      email: "ada@example.com",
    });
  });

  it("drops what is not an origin or a hex colour", () => {
    for (const origin of ["https://alice.example/", "javascript:alert(1)", "*", "alice.example"]) {
      expect(parseOrigin(origin)).toBeNull();
    }
    expect(parseOrigin("http://localhost:8080")).toBe("http://localhost:8080");
    for (const color of ["red", "#12345", "#ggg", "url(x)", "#0f766e;x"]) {
      expect(parseColor(color)).toBeNull();
    }
    expect(parseColor("abc")).toBe("#abc");
    expect(readEmbedConfig("")).toEqual({ origin: null, color: null, name: "", email: "" });
  });

  it("knows the embed's paths", () => {
    expect(isEmbedPath("/embed/alice")).toBe(true);
    expect(isEmbedPath("/embed")).toBe(false);
    expect(isEmbedPath("/embedded/alice")).toBe(false);
  });
});

describe("createHost", () => {
  it("posts to the host's origin only, ready and each booking once", () => {
    const target = { postMessage: vi.fn() } as unknown as Window;
    const host = createHost("https://alice.example", target);
    host.ready();
    host.ready();
    host.booked("b1", "2026-12-03T10:00:00Z");
    host.booked("b1", "2026-12-03T10:00:00Z");
    host.post({ type: "expertbook:resize", height: 480 });
    expect(vi.mocked(target.postMessage).mock.calls).toEqual([
      [{ type: "expertbook:ready" }, "https://alice.example"],
      [
        { type: "expertbook:booked", bookingId: "b1", start: "2026-12-03T10:00:00Z" },
        "https://alice.example",
      ],
      [{ type: "expertbook:resize", height: 480 }, "https://alice.example"],
    ]);
  });

  it("stays silent without an origin or outside a frame", () => {
    const target = { postMessage: vi.fn() } as unknown as Window;
    createHost(null, target).ready();
    createHost("https://alice.example", window).ready();
    expect(target.postMessage).not.toHaveBeenCalled();
  });
});
