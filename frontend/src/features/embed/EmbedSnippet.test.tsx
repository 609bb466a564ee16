import { render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { EmbedSnippet, embedSnippets } from "./EmbedSnippet";

describe("embedSnippets", () => {
  it("loads the script from ExpertBook and names the expert and the event type", () => {
    const snippets = embedSnippets({
      origin: "https://book.example",
      username: "alice",
      slug: "intro",
      buttonText: "Book <now> & more",
    });
    expect(snippets.inline).toBe(
      '<script src="https://book.example/embed.js" async></script>' +
        '<div data-expertbook="alice/intro"></div>',
    );
    expect(snippets.popup).toBe(
      '<script src="https://book.example/embed.js" async></script>' +
        '<button type="button" data-expertbook-popup="alice/intro">Book &lt;now> &amp; more</button>',
    );
  });
});

describe("EmbedSnippet", () => {
  it("shows both snippets as labelled fields, each with its copy button", () => {
    render(<EmbedSnippet username="alice" origin="https://book.example" />);
    const inline = screen.getByRole("textbox", { name: "Inline on your page" });
    expect(inline).toHaveProperty(
      "value",
      '<script src="https://book.example/embed.js" async></script><div data-expertbook="alice"></div>',
    );
    expect(screen.getByRole("textbox", { name: "Popup button" })).toHaveProperty(
      "value",
      expect.stringContaining('data-expertbook-popup="alice">Book a time</button>'),
    );
    expect(screen.getAllByRole("button", { name: "Copy" })).toHaveLength(2);
  });
});
