# archive
