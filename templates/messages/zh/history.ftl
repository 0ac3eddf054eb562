# history
history-no-git = 注意:{ $path } 不在 git 仓库中,没有历史可显示
history-shallow = 注意:这是浅克隆(shallow clone),更早的提交不在本地,历史不完整
history-none = { $path } 没有已提交的历史
# The table's column headers.
history-col =
    .time = 时间
    .author = 作者
    .commit = 提交
    .status = 状态
    .owner = 负责人
    .change = 变更
history-moved = 移动 { $from } → { $to }
history-added = 新增 { $path }
