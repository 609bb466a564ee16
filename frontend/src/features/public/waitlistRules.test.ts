import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import { waitlistProblems } from "./waitlistRules";

describe("waitlistProblems", () => {
  it("says at the email field that this email is already in line", () => {
    const problems = waitlistProblems(new ApiError(409, "already_waiting", "Already waiting."));
    expect(Object.keys(problems.fields)).toEqual(["email"]);
    expect(problems.fields.email).toMatch(/already on the waitlist/);
    expect(problems.form).toBeNull();
  });

  it("puts a 422's field sentences beside their fields", () => {
    const problems = waitlistProblems(
      new ApiError(422, "validation_error", "Check the form.", [
        { field: "body.name", message: "Enter your name." },
      ]),
    );
    expect(problems.fields).toEqual({ name: "Enter your name." });
  });

  it("tells any other refusal above the form, in the server's words", () => {
    const problems = waitlistProblems(new ApiError(404, "not_found", "That session is gone."));
    expect(problems.form).toBe("That session is gone.");
  });
});
