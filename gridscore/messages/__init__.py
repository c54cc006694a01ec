"""The user-facing messages, zh and en, by area; gridscore.i18n puts them into words."""
