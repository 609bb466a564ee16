import { act, render, screen } from "@testing-library/preact";
import { useRef, useState } from "react";
import { describe, expect, it } from "vitest";
import { useFocusFirstInvalid } from "./useFocusFirstInvalid";

function Form() {
  const form = useRef<HTMLFormElement>(null);
  const focusInvalid = useFocusFirstInvalid(form);
  const [invalid, setInvalid] = useState(false);
  return (
    <form ref={form}>
      <input aria-label="Name" />
      <input aria-label="Email" aria-invalid={invalid || undefined} />
      <button
        type="button"
        onClick={() => {
          setInvalid(true);
          focusInvalid();
        }}
      >
        Send
      </button>
    </form>
  );
}

describe("useFocusFirstInvalid", () => {
  it("focuses the field marked invalid by the same update", () => {
    render(<Form />);
    const send = screen.getByRole("button", { name: "Send" });
    send.focus();
    act(() => send.click());
    expect(document.activeElement).toBe(screen.getByLabelText("Email"));
  });

  it("does nothing before it is asked", () => {
    render(<Form />);
    expect(document.activeElement).toBe(document.body);
  });
});
