import { render, screen } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { applyLanguage, LANGUAGE_STORAGE_KEY } from "../i18n";
import { LanguageSwitcher } from "./LanguageSwitcher";

afterEach(async () => {
  await applyLanguage("en");
});

describe("LanguageSwitcher", () => {
  it("is a labelled select that switches the app's language and remembers it", async () => {
    const user = userEvent.setup();
    render(<LanguageSwitcher />);
    const select = screen.getByRole("combobox", { name: "Language" });
    expect(select).toHaveProperty("value", "en");
    await user.selectOptions(select, "Deutsch");
    // Its own label follows the language at once.
    const german = await screen.findByRole("combobox", { name: "Sprache" });
    expect(german).toHaveProperty("value", "de");
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("de");
    expect(document.documentElement.lang).toBe("de");
  });
});
