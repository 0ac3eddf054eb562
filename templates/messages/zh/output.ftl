# output: --output FILE of report, export and status
output-wrote = 已写入 { $path }
