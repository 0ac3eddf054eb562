# init
# After "warning:". $dir: the new repository; $outer: the one around it.
init-inside-another = { $dir } is inside another records repository, { $outer }; commands run there will not see these records, nor use this comms.yaml
init-timezone = timezone: { $tz } (this machine's; change `timezone` in comms.yaml if the team is elsewhere)
init-editors = editors: `comms lsp` checks records as you type; set it up in VS Code, Neovim, Helix or Zed as docs/editors.md says
# The first command to try. $repo: empty, or " --repo DIR" (with its leading space).
init-next = Next: comms{ $repo } new internal --subject "Quarterly review - agenda" --owner "Zhang Wei" --deadline "tomorrow 17:00" --set from=IT --set to=HR

# After `init --ci github --notify`: $cron is the schedule in UTC, $vars the secrets to add.
init-notify-github = Scheduled reminders: .github/workflows/comms-notify.yml runs `comms notify` at cron "{ $cron }" (UTC). Add each of these as a repository secret: { $vars }
# After `init --ci gitlab --notify`: the pipeline schedule to create.
init-notify-gitlab = Scheduled reminders: add a pipeline schedule (Build → Pipeline schedules) with interval pattern "{ $cron }" and cron timezone { $tz }, and set these as masked CI/CD variables: { $vars }
init-notify-no-vars = none yet (add `notify` targets to comms.yaml, then re-run init after removing the workflow, or add them by hand)
