import { act, renderHook } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { useFormErrors } from "./useFormErrors";

const invalid = () =>
  new ApiError(422, "validation_error", "Please correct these fields: Name, Email.", [
    { field: "name", message: "Name cannot be empty.", type: "string_too_short" },
    { field: "email", message: "Please enter a valid email address.", type: "value_error" },
  ]);

describe("useFormErrors", () => {
  it("hides a field's message once that field is edited, and only that one", () => {
    const error = invalid();
    const { result } = renderHook(() => useFormErrors(error, ["name", "email"]));
    expect(Object.keys(result.current.fieldErrors)).toEqual(["name", "email"]);
    act(() => result.current.edit("name"));
    expect(result.current.fieldErrors).toEqual({ email: "Please enter a valid email address." });
  });

  it("shows every message of a new submission again", () => {
    let error = invalid();
    const { result, rerender } = renderHook(() => useFormErrors(error, ["name", "email"]));
    act(() => result.current.edit("name"));
    error = invalid();
    rerender();
    expect(Object.keys(result.current.fieldErrors)).toEqual(["name", "email"]);
  });

  it("has nothing to say without an error", () => {
    const { result } = renderHook(() => useFormErrors(null, ["name"]));
    expect(result.current).toMatchObject({ fieldErrors: {}, formError: null });
  });
});
