# templates
# comms templates: the table of types
templates-types-col =
    .type = TYPE
    .label = LABEL
    .aliases = ALIASES
    .required = EXTRA REQUIRED
    .source = DEFINED IN
templates-common = Every record also needs: { $common }. One type in full: comms templates TYPE
# comms templates TYPE: one type in full
templates-aliases = aliases: { $list }
templates-subject-prefixes = subject starts with: { $list }
templates-deadline = deadline when none is given: { $within } after { $after }
templates-fields-col =
    .field = FIELD
    .label = LABEL
    .kind = KIND
    .required = REQUIRED
    .hint = HINT
# in the REQUIRED column
templates-required = required
# after a section's name, when comms log appends to it
templates-log-section = (comms log appends here)
templates-sections = body sections:
templates-definition = definition: { $source }
# $lang: the skeleton's language tag
templates-skeleton = skeleton ({ $lang }): { $source }
