# comms lsp:编辑器里显示的文字(补全说明、悬停、快速修复)
lsp-field-optional = { $label } · { $kind }
lsp-field-required = { $label } · { $kind } · 必填
lsp-alias-of = 即 { $canonical }
lsp-department = 部门
lsp-audience = 发布对象(comms.yaml 的 `publish`)
lsp-allowed-value = 可选值(comms.yaml 的 `values`)
lsp-time-now = 现在
lsp-time-next-workday = 下一个工作日 18:00
lsp-time-rule = { $kind } 类型的截止规则:`{ $after }` 之后 { $within }
lsp-person-roles = 角色:{ $roles }
lsp-person-aliases = 别名:{ $aliases }
lsp-record-status = 状态:{ $status } · 截止:{ $deadline }
lsp-action-fullwidth = 把全角冒号和逗号改为半角
lsp-action-mask = 遮盖 { $count } 个联系号码
lsp-action-status = 把状态改为 `{ $status }`
lsp-action-insert-field = 插入缺少的必填字段 `{ $key }`
