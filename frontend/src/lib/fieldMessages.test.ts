import { describe, expect, it } from "vitest";
import { fieldMessage } from "./fieldMessages";

describe("fieldMessage", () => {
  it("shows the server's sentence as it is", () => {
    expect(
      fieldMessage({ field: "name", message: "Name cannot be empty.", type: "string_too_short" }),
    ).toBe("Name cannot be empty.");
  });

  it("never shows a regex", () => {
    const message = fieldMessage({
      field: "body.slug",
      message: "String should match pattern '^[a-z0-9]+(?:-[a-z0-9]+)*$'",
      type: "string_pattern_mismatch",
    });
    expect(message).toBe(
      "Use lowercase letters, digits and single dashes, for example intro-call.",
    );
    expect(fieldMessage({ field: "x", message: "String should match pattern '^a$'" })).not.toMatch(
      /\^|\$/,
    );
  });

  it("turns pydantic's own wording into a sentence by its type", () => {
    expect(
      fieldMessage({
        field: "password",
        message: "String should have at least 8 characters",
        type: "string_too_short",
        ctx: { min_length: 8 },
      }),
    ).toBe("Please use at least 8 characters.");
    expect(fieldMessage({ field: "name", message: "Field required", type: "missing" })).toBe(
      "Please fill this in.",
    );
  });

  it("reads the type from the wording when the server sent none", () => {
    expect(
      fieldMessage({ field: "password", message: "String should have at least 8 characters" }),
    ).toBe("Please use at least 8 characters.");
    expect(
      fieldMessage({
        field: "email",
        message: "value is not a valid email address: An email address must have an @-sign.",
      }),
    ).toBe("Please enter a valid email address, such as name@example.com.");
  });

  it("keeps our validators' words, without pydantic's prefix", () => {
    expect(
      fieldMessage({
        field: "username",
        message: "Value error, The username “admin” is reserved. Please choose another.",
        type: "value_error",
      }),
    ).toBe("The username “admin” is reserved. Please choose another.");
  });

  it("says something useful for a type it does not know", () => {
    expect(fieldMessage({ field: "x", message: "", type: "mystery" })).toBe(
      "Please check this value.",
    );
  });
});
