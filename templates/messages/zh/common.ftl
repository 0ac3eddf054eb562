# 多个命令共用的消息。语法见 https://projectfluent.org（docs/translating.md）。
# 各语言的消息编号须一致。

# 记录类型没有反馈小节时新加的小节标题。
log-default-section = 反馈记录
