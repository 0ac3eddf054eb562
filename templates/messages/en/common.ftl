# Messages shared by several commands. Syntax: https://projectfluent.org
# (docs/translating.md). Keep the same ids in every language.

# A status as tables and reports show it (the value in records may be
# written in any language: lexicon.yaml).
status-label =
    .open = open
    .in-progress = in-progress
    .done = done
    .delayed = delayed
    .cancelled = cancelled

# The subject shown for a record with `classification: confidential` (机密)
# without --include-confidential.
confidential-subject = [confidential record]
