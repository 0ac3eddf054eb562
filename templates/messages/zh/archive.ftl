# archive
archive-no-history = 注意:无法读取 git 历史({ $error }),缺少 `closed` 的记录按 `deadline` 归档
# The word before a record archive leaves where it is: in a dry run, and after a run.
archive-skip = 跳过
archive-skipped = 跳过
archive-left-alone = 不动 { $at }:按当前字段应在 { $want }(已归档的记录不会再移动)
archive-dry-run = 试运行:将移动 { $moves } 条记录,跳过 { $skipped } 条;没有改动任何文件
archive-recovered = 已暂存上次中断的归档:{ $from } → { $to }
archive-conflicted = 有未解决的 git 合并冲突
archive-done = 已归档 { $moved } 条记录;跳过 { $skipped } 条
archive-done-git = 已归档 { $moved } 条记录,{ $staged } 条已在 git 中暂存为重命名;跳过 { $skipped } 条
archive-no-date = 没有 `closed` 或 `deadline`,无法确定季度;请补上 `closed: YYYY-MM-DD HH:MM`
archive-collision = { $to } 已存在,不会覆盖;请改名其中一个文件后重新运行
