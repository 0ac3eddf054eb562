# html
