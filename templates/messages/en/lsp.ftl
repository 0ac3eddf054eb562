# comms lsp: what the editor shows (completion notes, hover, code actions)
# A field in key completion: its label and kind (`Owner · person`).
lsp-field-optional = { $label } · { $kind }
lsp-field-required = { $label } · { $kind } · required
# A value that is an alias: `处理中` → `in-progress`.
lsp-alias-of = means { $canonical }
lsp-department = department
lsp-audience = audience (`publish` in comms.yaml)
lsp-allowed-value = allowed value (`values` in comms.yaml)
lsp-time-now = now
lsp-time-next-workday = next working day, 18:00
lsp-time-rule = the { $kind } deadline: { $within } after `{ $after }`
lsp-person-roles = roles: { $roles }
lsp-person-aliases = also: { $aliases }
lsp-record-status = status: { $status } · deadline: { $deadline }
lsp-action-fullwidth = Make the full-width colons and commas ASCII
lsp-action-mask = { $count ->
    [one] Mask the contact number
   *[other] Mask the { $count } contact numbers
}
lsp-action-status = Set status to `{ $status }`
lsp-action-insert-field = Insert the missing required field `{ $key }`
