import { describe, expect, it } from "vitest";
import { splitList } from "./DirectoryProfileForm";

describe("splitList", () => {
  it("splits on commas and drops blanks, leaving normalising to the server", () => {
    expect(splitList(" python, Tax law ,,  ")).toEqual(["python", "Tax law"]);
    expect(splitList("")).toEqual([]);
  });
});
