# Messages shared by several commands. Syntax: https://projectfluent.org
# (docs/translating.md). Keep the same ids in every language.
