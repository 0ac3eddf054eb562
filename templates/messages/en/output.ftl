# output: --output FILE of report, export and status
output-wrote = wrote { $path }
