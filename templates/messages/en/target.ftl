# target
