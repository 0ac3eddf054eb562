# archive
archive-no-history = note: cannot read git history ({ $error }); records without `closed` are filed by `deadline`
# The word before a record archive leaves where it is: in a dry run, and after a run.
archive-skip = skip
archive-skipped = skipped
archive-left-alone = left alone { $at }: by its fields it would now go to { $want } (archived records are never moved again)
archive-dry-run = dry run: { $moves } { $moves ->
    [one] record
   *[other] records
} would move, { $skipped } skipped; nothing was changed
archive-recovered = staged a move an interrupted run left: { $from } → { $to }
archive-conflicted = it has unresolved git merge conflicts
archive-done = archived { $moved } { $moved ->
    [one] record
   *[other] records
}; { $skipped } skipped
archive-done-git = archived { $moved } { $moved ->
    [one] record
   *[other] records
}, { $staged } staged in git as renames; { $skipped } skipped
archive-no-date = neither `closed` nor `deadline` says which quarter it belongs to; add `closed: YYYY-MM-DD HH:MM`
archive-collision = { $to } already exists and is never overwritten; rename one of the two files and run again
