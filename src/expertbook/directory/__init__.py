"""The expert directory: finding listed experts by words, topic, language and free time."""
