"""`make messages`: every message the server writes, extracted from the code into each
language's catalog (new ones untranslated, gone ones dropped), for a person to translate.

Messages are found as the first argument of `_`, `N_`, `Message`, `plural` (and its plural
form), and of every error class (`NotFound("No such booking.")`), so an error's sentence is
translated without a marker of its own.
"""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from expertbook.errors import AppError
from expertbook.kit.i18n import DEFAULT_LANGUAGE, LANGUAGES

SOURCE = Path(__file__).resolve().parent.parent
WIDTH = 100


def _error_classes(base: type[AppError] = AppError) -> set[str]:
    found = {base.__name__}
    for subclass in base.__subclasses__():
        found |= _error_classes(subclass)
    return found


def keywords() -> dict[str, tuple[int, ...] | None]:
    # Every module is imported first, so that every error class is known.
    import expertbook.main  # noqa: F401

    return {
        "_": None,
        "N_": None,
        "plural": (1, 2),
        "Message": None,
        **dict.fromkeys(_error_classes()),
    }


def extract() -> Catalog:
    """The messages in the code, each with the files it is in."""
    template = Catalog(project="ExpertBook", copyright_holder="ExpertBook")
    found = extract_from_dir(
        str(SOURCE), method_map=[("**.py", "python")], keywords=keywords(), strip_comment_tags=True
    )
    for filename, line, message, comments, context in found:
        template.add(message, locations=[(f"src/expertbook/{filename}", line)],
                     auto_comments=comments, context=context)  # fmt: skip
    return template


def catalog_path(language: str) -> Path:
    return SOURCE / "locales" / language / "LC_MESSAGES" / "messages.po"


def read(language: str) -> Catalog:
    with catalog_path(language).open("rb") as source:
        return read_po(source, locale=language)


def update() -> None:
    template = extract()
    for language in LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue  # English is the source
        catalog = read(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with catalog_path(language).open("wb") as target:
            # Files without line numbers: a moved line changes nothing here.
            write_po(
                target, catalog, width=WIDTH, sort_by_file=True, include_lineno=False,
                include_previous=False,
            )  # fmt: skip
        missing = sum(1 for message in catalog if message.id and not message.string)
        print(f"{catalog_path(language).relative_to(SOURCE.parent.parent)}: {missing} to translate")


if __name__ == "__main__":
    update()
