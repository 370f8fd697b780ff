-- PostgreSQL: the board's total for a free-text search of one frequent word (issue 18). Counting
-- the cases whose words contain "rullstol" (~370 000 of a million) reads every board row however
-- it is asked — a seq scan or a bitmap over the trigram index, and this PostgreSQL no longer
-- skips the heap for a bitmap count — ~400 ms at 1M cases. So the words found in many cases
-- (`board_tracked_words`, chosen when the board is built in bulk: pg_board.track_words) have
-- their counts per kind kept in the case's own transaction (pg_board.add_word_counts):
-- `n_words` cases of the kind whose words contain the word (`words LIKE '%word%'`, the board's
-- own rule for a word of three letters or more), `n_either` whose words or person's words do.
-- A search for one tracked word by a user who sees whole kinds sums these (board_query.count_query).
CREATE TABLE board_tracked_words (
    word VARCHAR PRIMARY KEY
);
CREATE TABLE board_word_counts (
    word VARCHAR NOT NULL,
    kind_c INTEGER NOT NULL,
    n_words BIGINT NOT NULL,
    n_either BIGINT NOT NULL,
    PRIMARY KEY (word, kind_c)
);
