"""The library on disk: articles in, articles out by id; user state apart; locks, checks,
atomic writes, the record files TinyDB reads through."""
