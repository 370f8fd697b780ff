"""Benchmarks with generated data at 100k / 1M (and up to 10M) cases. Not part of `make test`.

    python -m bench.run                 # 100k and 1M, the table in README's Performance section
    python -m bench.run --sizes 10M     # the big one (~17 years of history, see generate.py)
"""
