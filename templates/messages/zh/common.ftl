# 多个命令共用的消息。语法见 https://projectfluent.org（docs/translating.md）。
# 各语言的消息编号须一致。
