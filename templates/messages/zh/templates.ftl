# templates
# comms templates:类型一览表
templates-types-col =
    .type = 类型
    .label = 名称
    .aliases = 别名
    .required = 额外必填字段
    .source = 定义来源
templates-common = 每条记录都必须有:{ $common }。查看某一类型:comms templates TYPE
# comms templates TYPE:某一类型的全部定义
templates-aliases = 别名: { $list }
templates-subject-prefixes = 主题开头: { $list }
templates-deadline = 未给截止时间时: { $after } 后 { $within }
templates-fields-col =
    .field = 字段
    .label = 名称
    .kind = 类型
    .required = 必填
    .hint = 说明
# “必填”一栏
templates-required = 必填
# 小节名之后,comms log 写入该小节时
templates-log-section = (comms log 写入此处)
templates-sections = 正文小节:
templates-definition = 类型定义: { $source }
# $lang:模板的语言代码
templates-skeleton = 模板 ({ $lang }): { $source }
