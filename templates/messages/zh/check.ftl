# check
# 缺少或空着的字段的帮助里的示例值(comms.yaml 未列出人员时)。
check-example-person = 张伟
check-example-task = 整理会议纪要
