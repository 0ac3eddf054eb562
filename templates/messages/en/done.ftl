# comms done
done-already-closed = { $what } is already done (closed { $when }); nothing to change
done-already = { $what } is already done; nothing to change
done-done = { $what } marked done, closed { $now_text } ({ $path })
