# show
