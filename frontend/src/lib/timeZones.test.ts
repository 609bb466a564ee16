import { describe, expect, it } from "vitest";
import { offsetQuery, searchZones, shortOffset, zoneOptions } from "./timeZones";
import { canonicalZone } from "./zoneNames";

const options = zoneOptions([], new Date("2026-11-30T12:00:00Z"));
const top = (query: string, first?: string) => searchZones(options, query, first)[0]?.tz;
const found = (query: string) => searchZones(options, query).map((o) => o.tz);

describe("zoneOptions", () => {
  it("lists the current names of renamed zones, never the old ones", () => {
    const zones = options.map((o) => o.tz);
    for (const tz of ["Asia/Kolkata", "Europe/Kyiv", "Asia/Ho_Chi_Minh", "UTC"]) {
      expect(zones).toContain(tz);
    }
    for (const tz of ["Asia/Calcutta", "Europe/Kiev", "Asia/Saigon"]) {
      expect(zones).not.toContain(tz);
    }
  });

  it("lists zones sorted, always with UTC and the ones asked for", () => {
    const zones = zoneOptions(["Etc/GMT+5"]).map((o) => o.tz);
    expect(zones).toContain("UTC");
    expect(zones).toContain("Etc/GMT+5");
    expect(zones).toContain("Europe/Paris");
    expect([...zones].sort()).toEqual(zones);
  });

  it("maps old names to current ones", () => {
    expect(canonicalZone("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(canonicalZone("Europe/Paris")).toBe("Europe/Paris");
  });
});

describe("searchZones", () => {
  it("finds a city", () => {
    expect(top("Berlin")).toBe("Europe/Berlin");
    expect(top("new york")).toBe("America/New_York");
    expect(top("ho chi")).toBe("Asia/Ho_Chi_Minh");
  });

  it("finds an abbreviation", () => {
    expect(top("EST")).toBe("America/New_York");
    expect(found("CET")).toContain("Europe/Berlin");
    expect(top("IST")).toBe("Asia/Kolkata");
  });

  it("finds an offset, however it is written", () => {
    for (const query of ["+05:30", "+5:30", "UTC+5:30", "GMT+0530"]) {
      expect(found(query)).toEqual(["Asia/Colombo", "Asia/Kolkata"]);
    }
  });

  it("finds a zone by its old name or its long name", () => {
    expect(top("Calcutta")).toBe("Asia/Kolkata");
    expect(top("Kiev")).toBe("Europe/Kyiv");
    expect(found("India Standard")).toContain("Asia/Kolkata");
  });

  it("puts the browser's zone first", () => {
    expect(top("", "Europe/Paris")).toBe("Europe/Paris");
    expect(top("europe", "Europe/Paris")).toBe("Europe/Paris");
  });

  it("finds nothing for nonsense", () => {
    expect(found("Atlantis City")).toEqual([]);
  });
});

describe("shortOffset", () => {
  it("writes offsets as people read them", () => {
    expect(shortOffset("GMT+05:30")).toBe("GMT+5:30");
    expect(shortOffset("GMT-04:00")).toBe("GMT-4");
    expect(shortOffset("GMT+00:00")).toBe("GMT");
  });
});

describe("offsetQuery", () => {
  it("reads offsets and refuses other text", () => {
    expect(offsetQuery("-4")).toBe("gmt-04:00");
    expect(offsetQuery("gmt+10")).toBe("gmt+10:00");
    expect(offsetQuery("Berlin")).toBeNull();
  });
});
