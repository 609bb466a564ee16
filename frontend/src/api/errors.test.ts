import { describe, expect, it } from "vitest";
import { splitErrors } from "../lib/formErrors";
import { ApiError, errorMessage, toApiError } from "./errors";

describe("ApiError", () => {
  it("is built from the error envelope and Retry-After", () => {
    const response = new Response(null, { status: 429, headers: { "Retry-After": "90" } });
    const error = toApiError(response, {
      error: { code: "too_many_attempts", message: "Slow down", details: null },
    });
    expect(error).toMatchObject({ status: 429, code: "too_many_attempts", retryAfter: 90 });
    expect(errorMessage(error)).toBe("Too many attempts. Please wait 2 minutes and try again.");
  });

  it("survives a body that is not the envelope", () => {
    const error = toApiError(
      new Response(null, { status: 502, statusText: "Bad Gateway" }),
      "<html>",
    );
    expect(error).toMatchObject({ status: 502, code: "http_502", message: "Bad Gateway" });
  });

  it("tells a list item's problem at the list's field", () => {
    const error = new ApiError(422, "validation_error", "Invalid input", [
      { field: "embedOrigins.1", message: "Not an origin" },
    ]);
    expect(error.fieldErrors()).toEqual({ embedOrigins: "Not an origin" });
  });

  it("puts 422 details next to their fields, whatever their prefix", () => {
    const error = new ApiError(422, "validation_error", "Invalid input", [
      { field: "body.email", message: "Not a valid email" },
      { field: "password", message: "Too short" },
      { field: "body.extra", message: "Unexpected" },
    ]);
    expect(splitErrors(error, ["email", "password"])).toEqual({
      fieldErrors: { email: "Not a valid email", password: "Too short" },
      formError: "Unexpected",
    });
  });

  it("sends email_taken to the Email field and 401 to the form", () => {
    expect(splitErrors(new ApiError(409, "email_taken", "Email in use"), ["email"])).toEqual({
      fieldErrors: { email: "Email in use" },
      formError: null,
    });
    expect(
      splitErrors(new ApiError(401, "invalid_credentials", "Wrong email or password"), ["email"]),
    ).toEqual({ fieldErrors: {}, formError: "Wrong email or password" });
  });
});
