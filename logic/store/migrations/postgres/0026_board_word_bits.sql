-- PostgreSQL: the board's total for a free-text search of two or more frequent words (issue 18).
-- The kept counts of postgres/0024 answer one word; an AND of two cannot be added up from them,
-- and counting the matches themselves reads most of the board ("broms rollator": 66 233 of a
-- million cases, ~550 ms). So each tracked word (board_tracked_words) has, per block of the
-- board's doc numbers (pg_board.BLOCK_BITS docs: block = doc / BLOCK_BITS, bit = doc % BLOCK_BITS,
-- counted from the left), a bitmap of the cases whose words contain it (`words`) and one of those
-- whose person's words do (`persons`); and each kind a bitmap of its cases per block. The total is
-- the sum over blocks of bit_count(term & term & … & the user's kinds) (board_query._word_bits).
-- Built in bulk with the tracked words (pg_board.track_words -> build_word_bits), kept in the
-- case's own transaction (pg_board.add_word_bits). A row appears where a block gets its first bit.
CREATE TABLE board_word_bits (
    word VARCHAR NOT NULL,
    block INTEGER NOT NULL,
    words BIT VARYING NOT NULL,
    persons BIT VARYING NOT NULL,
    PRIMARY KEY (word, block)
);
CREATE TABLE board_kind_bits (
    kind_c INTEGER NOT NULL,
    block INTEGER NOT NULL,
    bits BIT VARYING NOT NULL,
    PRIMARY KEY (kind_c, block)
);
