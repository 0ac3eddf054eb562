# init
# 接在 "warning:" 之后。$dir:新库;$outer:外层的库。
init-inside-another = { $dir } 在另一个记录库 { $outer } 之内;新库的记录不会被外层库的命令看到,外层库的命令也不会用这里的 comms.yaml
init-timezone = 时区:{ $tz }(本机的时区;团队在别处时改 comms.yaml 的 timezone)
init-editors = 编辑器:`comms lsp` 在输入时检查记录;VS Code、Neovim、Helix、Zed 的设置见 docs/editors.md
# 第一条可试的命令。$repo:空,或 " --repo DIR"(带前导空格)。
init-next = 下一步:comms{ $repo } new urgent --subject "【紧急】生产部-设备故障通知" --owner 张伟 --deadline "明天 17:00" --set impact="二号产线停工" --set measures="设备部现场抢修"

init-notify-github = 定时催办:.github/workflows/comms-notify.yml 按 cron "{ $cron }"(UTC)运行 `comms notify`。请把这些添加为仓库 secret:{ $vars }
init-notify-gitlab = 定时催办:请在 Build → Pipeline schedules 新建计划,间隔 "{ $cron }",时区 { $tz },并把这些设为 masked CI/CD 变量:{ $vars }
init-notify-no-vars = 暂无(先在 comms.yaml 中添加 `notify` 目标,再删除该工作流后重新 init,或手动添加)
