import { render } from "@testing-library/preact";
import { useEffect, useState } from "react";
import { expect, it } from "vitest";

function Echo({ seen }: { seen: string[] }) {
  const [text, setText] = useState("");
  useEffect(() => {
    seen.push(text);
  }, [text, seen]);
  return <input aria-label="Text" value={text} onChange={(e) => setText(e.currentTarget.value)} />;
}

it("has run a typed change's effects before the browser's next task", async () => {
  // Set up by the test set-up, as by the app's entry (main.tsx).
  const seen: string[] = [];
  const { getByLabelText } = render(<Echo seen={seen} />);
  const box = getByLabelText("Text") as HTMLInputElement;
  // Typed outside Testing Library's act(), which would flush the effects by itself.
  box.value = "secret";
  box.dispatchEvent(new Event("input", { bubbles: true }));
  await new Promise((next) => setTimeout(next, 0));
  expect(seen).toEqual(["", "secret"]);
});
